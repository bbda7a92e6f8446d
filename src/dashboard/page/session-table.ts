/// <reference lib="dom" />
import type { SessionRowFragment } from '../gql/graphql.js';
import { progressText, upstreamText, type Problem } from './session-format.js';
import { fillLabel } from './session-label.js';
import { progressBar } from './session-progress.js';

/** One watched session, as the page knows it. */
export interface WatchedSession {
  id: string;
  label: string;
  /** Null until the first snapshot arrives. */
  session: SessionRowFragment | null;
  degraded: Problem | null;
  failed: Problem | null;
  closing: boolean;
  closeError: Problem | null;
  /** A VPN session's transfer rate between its last two snapshots. */
  rate: string | null;
}

export interface RowActions {
  close(id: string): void;
  remove(id: string): void;
}

const FIELDS = ['label', 'provider', 'state', 'providerStatus', 'progress', 'upstream', 'fetchedAt'] as const;

function cell(row: HTMLTableRowElement, field: string): HTMLElement {
  return row.querySelector<HTMLElement>(`[data-field="${field}"]`)!;
}

function button(text: string, onClick: () => void): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  element.addEventListener('click', onClick);
  return element;
}

/** The progress text, a bar under it where there is something to measure, and a VPN session's rate. */
function fillProgress(td: HTMLElement, watched: WatchedSession): void {
  const { session } = watched;
  if (!session) {
    td.replaceChildren();
    return;
  }
  const parts: Node[] = [document.createTextNode(progressText(session))];
  if (watched.rate !== null) parts.push(Object.assign(document.createElement('span'), { className: 'rate', textContent: ` · ${watched.rate}` }));
  const bar = progressBar(session);
  if (bar) {
    const element = document.createElement('progress');
    if (bar.max !== undefined) {
      element.max = bar.max;
      element.value = bar.value;
    }
    element.title = bar.label;
    element.setAttribute('aria-label', bar.label);
    parts.push(element);
  }
  td.replaceChildren(...parts);
}

/** A row whose cells are filled by updateRow. Text only, never HTML: upstream strings are not ours. */
export function createRow(watched: WatchedSession, actions: RowActions): HTMLTableRowElement {
  const row = document.createElement('tr');
  row.dataset.sessionId = watched.id;
  for (const field of FIELDS) {
    const td = document.createElement('td');
    td.dataset.field = field;
    row.append(td);
  }
  const actionsCell = document.createElement('td');
  actionsCell.dataset.field = 'actions';
  const close = button('Close', () => actions.close(watched.id));
  close.dataset.action = 'close';
  const remove = button('Stop watching', () => actions.remove(watched.id));
  remove.dataset.action = 'remove';
  remove.className = 'secondary';
  const error = document.createElement('p');
  error.className = 'row-error';
  error.setAttribute('role', 'alert');
  actionsCell.append(close, remove, error);
  row.append(actionsCell);
  updateRow(row, watched);
  return row;
}

export function updateRow(row: HTMLTableRowElement, watched: WatchedSession): void {
  const { session, degraded, failed } = watched;
  row.dataset.health = failed ? 'failed' : degraded ? 'degraded' : session ? 'ok' : 'loading';
  row.dataset.state = session?.state ?? '';
  row.dataset.terminal = String(session?.isTerminal ?? false);
  if (cell(row, 'label').textContent !== watched.label) fillLabel(cell(row, 'label'), watched.label);
  cell(row, 'provider').textContent = session?.provider ?? watched.label.slice(0, watched.label.indexOf(':')).toUpperCase();
  cell(row, 'state').textContent = session?.state ?? (failed ? '—' : 'Loading…');
  cell(row, 'providerStatus').textContent = session?.providerStatus ?? '—';
  fillProgress(cell(row, 'progress'), watched);
  cell(row, 'upstream').textContent = upstreamText(degraded, failed);
  cell(row, 'upstream').title = (failed ?? degraded)?.message ?? '';
  cell(row, 'fetchedAt').textContent = session ? new Date(session.fetchedAt).toLocaleTimeString() : '';

  // Only deepset has a close endpoint; the others never show the button.
  const close = row.querySelector<HTMLButtonElement>('[data-action="close"]')!;
  close.hidden = session?.__typename !== 'DeepsetUploadSession';
  close.disabled = watched.closing || session?.__typename !== 'DeepsetUploadSession' || session.deepsetStatus !== 'OPEN';
  close.textContent = watched.closing ? 'Closing…' : 'Close';
  const error = row.querySelector<HTMLElement>('.row-error')!;
  error.textContent = watched.closeError ? `Close failed: ${watched.closeError.code}. ${watched.closeError.message}` : '';
  error.hidden = watched.closeError === null;
}
