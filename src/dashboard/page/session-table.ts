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
  /** The command under way, if any: one at a time per row. */
  busy: RowCommand | null;
  /** The last command's refusal, shown under the buttons until the next one. */
  commandError: { command: RowCommand; problem: Problem } | null;
  /** A VPN session's transfer rate between its last two snapshots. */
  rate: string | null;
}

export type RowCommand = 'close' | 'pause' | 'resume';

export interface RowActions {
  command(id: string, command: RowCommand): void;
  remove(id: string): void;
}

const COMMAND_TEXT: Record<RowCommand, { idle: string; busy: string }> = {
  close: { idle: 'Close', busy: 'Closing…' },
  pause: { idle: 'Pause', busy: 'Pausing…' },
  resume: { idle: 'Resume', busy: 'Resuming…' },
};

/** Which commands a session's provider has (the gateway answers the others with a NOT_SUPPORTED code). */
const COMMANDS_BY_TYPE: Record<SessionRowFragment['__typename'], readonly RowCommand[]> = {
  DeepsetUploadSession: ['close'],
  ParadigmUploadSession: [],
  PingVpnSession: ['pause', 'resume'],
  KadoaCrawlSession: ['pause', 'resume'],
};

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
  const commands = (Object.keys(COMMAND_TEXT) as RowCommand[]).map((command) => {
    const element = button(COMMAND_TEXT[command].idle, () => actions.command(watched.id, command));
    element.dataset.action = command;
    return element;
  });
  const remove = button('Stop watching', () => actions.remove(watched.id));
  remove.dataset.action = 'remove';
  remove.className = 'secondary';
  const error = document.createElement('p');
  error.className = 'row-error';
  error.setAttribute('role', 'alert');
  actionsCell.append(...commands, remove, error);
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

  const offered = session ? COMMANDS_BY_TYPE[session.__typename] : [];
  for (const command of Object.keys(COMMAND_TEXT) as RowCommand[]) {
    const element = row.querySelector<HTMLButtonElement>(`[data-action="${command}"]`)!;
    element.hidden = !offered.includes(command);
    // deepset closes only an open session; pause and resume are left to the provider to refuse.
    element.disabled = watched.busy !== null || (command === 'close' && !(session?.__typename === 'DeepsetUploadSession' && session.deepsetStatus === 'OPEN'));
    element.textContent = watched.busy === command ? COMMAND_TEXT[command].busy : COMMAND_TEXT[command].idle;
  }
  const error = row.querySelector<HTMLElement>('.row-error')!;
  const failure = watched.commandError;
  error.textContent = failure ? `${COMMAND_TEXT[failure.command].idle} failed: ${failure.problem.code}. ${failure.problem.message}` : '';
  error.hidden = failure === null;
}
