/// <reference lib="dom" />
import { clientKey, setClientKey } from './client-key.js';
import { execute, subscribe, TransportError } from './graphql-client.js';
import { CloseSessionMutation, LookUpSessionsQuery, PauseSessionMutation, ResumeSessionMutation, WatchSessionsSubscription } from './operations.js';
import { DEMO_SESSIONS, parseSessionInputs, type SessionEntry } from './session-input.js';
import { fillLabel } from './session-label.js';
import { transferRate } from './session-progress.js';
import { createSessionLists } from './session-lists.js';
import { createRow, updateRow, type RowCommand, type WatchedSession } from './session-table.js';

/** Codes for which a pasted id is refused outright; anything else (an upstream down) is watched and shown as such. */
const REFUSED_CODES = new Set(['INVALID_INPUT', 'NOT_FOUND']);
const MAX_RETRY_SECONDS = 15;
/** How often sessions that all ended are looked up again: the sandbox (and some providers) restart them under the same id. */
const ENDED_RECHECK_SECONDS = 5;

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const connection = element<HTMLElement>('connection');
const errorBanner = element<HTMLElement>('error');
const tbody = element<HTMLTableElement>('sessions').tBodies[0]!;
const empty = element<HTMLElement>('empty');
const demoList = element<HTMLElement>('demo-sessions');
const addForm = element<HTMLFormElement>('add-form');
const addInput = element<HTMLTextAreaElement>('add-input');
const addProblems = element<HTMLElement>('add-problems');
const keyForm = element<HTMLFormElement>('key-form');
const keyInput = element<HTMLInputElement>('client-key');

/** A session to add, with what is already known of it. */
type NewSession = SessionEntry & Partial<Pick<WatchedSession, 'session' | 'degraded'>>;

const watched = new Map<string, { data: WatchedSession; row: HTMLTableRowElement }>();
let stopStream: (() => void) | null = null;

type ConnectionState = 'idle' | 'connecting' | 'live' | 'retrying' | 'done' | 'error';
function setConnection(state: ConnectionState, text: string): void {
  connection.dataset.state = state;
  connection.textContent = text;
}

function showError(message: string | null): void {
  errorBanner.textContent = message ?? '';
  errorBanner.hidden = message === null;
}

function refresh(id: string): void {
  const entry = watched.get(id);
  if (entry) updateRow(entry.row, entry.data);
}

function watch(entries: readonly NewSession[]): void {
  let added = false;
  for (const { id, label, session = null, degraded = null } of entries) {
    if (watched.has(id)) continue;
    const data: WatchedSession = { id, label, session, degraded, failed: null, busy: null, commandError: null, rate: null };
    const row = createRow(data, { command: (target, command) => void runCommand(target, command), remove: unwatch });
    tbody.append(row);
    watched.set(id, { data, row });
    // A demo added by pasting its coordinates is the same session as its checkbox.
    const box = demoBox(id);
    if (box) box.checked = true;
    added = true;
  }
  if (added) restartStream();
}

function demoBox(id: string): HTMLInputElement | null {
  return demoList.querySelector<HTMLInputElement>(`input[value="${CSS.escape(id)}"]`);
}

function wait(seconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, seconds * 1000);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/** Resolves once a lookup finds one of `ids` moving again, so "every session has ended" never stays on screen past a restart. */
async function untilOneMovesAgain(ids: string[], signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    await wait(ENDED_RECHECK_SECONDS, signal);
    if (signal.aborted) return;
    const sessions = await execute(LookUpSessionsQuery, { ids }).then(
      (result) => result.data?.sessions ?? [],
      () => [],
    );
    if (sessions.some((session) => session !== null && !session.isTerminal)) return;
  }
}

function unwatch(id: string): void {
  const entry = watched.get(id);
  if (!entry) return;
  entry.row.remove();
  watched.delete(id);
  const box = demoBox(id);
  if (box) box.checked = false;
  restartStream();
}

/** One stream for every watched session; it is replaced whenever the set changes. */
function restartStream(): void {
  empty.hidden = watched.size > 0;
  const ids = [...watched.values()].filter(({ data }) => data.failed === null).map(({ data }) => data.id);
  const previous = stopStream;
  stopStream = ids.length > 0 ? openStream(ids) : null;
  // Stopped after the new one opened, so sessions in both keep their shared poller upstream.
  previous?.();
  if (ids.length === 0) setConnection('idle', watched.size === 0 ? 'Not watching anything yet' : 'Nothing left to watch');
}

function openStream(ids: string[]): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  void (async () => {
    for (let attempt = 1; !signal.aborted; attempt += 1) {
      setConnection('connecting', 'Connecting…');
      try {
        for await (const result of subscribe(WatchSessionsSubscription, { ids }, signal)) {
          if (signal.aborted) return;
          const update = result.data?.sessionsUpdated;
          if (!update) {
            const message = result.errors?.[0]?.message ?? 'The subscription was refused';
            setConnection('error', 'Stopped');
            showError(`Watching failed: ${message}`);
            return;
          }
          attempt = 1;
          setConnection('live', 'Live: updates appear as they happen');
          showError(null);
          const entry = watched.get(update.id);
          if (!entry) continue;
          const previous = entry.data.session;
          if (update.session) {
            const next = update.session;
            entry.data.rate = previous?.__typename === 'PingVpnSession' && next.__typename === 'PingVpnSession' && !next.isTerminal ? transferRate(previous, next) : null;
            entry.data.session = update.session;
          }
          entry.data.degraded = update.degraded;
          entry.data.failed = update.failed;
          refresh(update.id);
        }
        setConnection('done', 'Every watched session has reached its end');
        await untilOneMovesAgain(ids, signal);
        if (!signal.aborted) restartStream();
        return;
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof TransportError && error.status !== undefined && error.status < 500) {
          setConnection('error', 'Stopped');
          showError(`Watching failed: ${error.message}`);
          return;
        }
        const seconds = Math.min(MAX_RETRY_SECONDS, 2 ** (attempt - 1));
        setConnection('retrying', `Connection lost, retrying in ${seconds} s`);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      }
    }
  })();
  return () => controller.abort();
}

/** Each command's mutation, and the session it answers with (or its refusal). */
async function sendCommand(id: string, command: RowCommand) {
  switch (command) {
    case 'close': {
      const result = await execute(CloseSessionMutation, { id });
      return { outcome: result.data?.closeSession, errors: result.errors };
    }
    case 'pause': {
      const result = await execute(PauseSessionMutation, { id });
      return { outcome: result.data?.pauseSession, errors: result.errors };
    }
    case 'resume': {
      const result = await execute(ResumeSessionMutation, { id });
      return { outcome: result.data?.resumeSession, errors: result.errors };
    }
  }
}

async function runCommand(id: string, command: RowCommand): Promise<void> {
  const entry = watched.get(id);
  if (!entry || entry.data.busy) return;
  entry.data.busy = command;
  entry.data.commandError = null;
  refresh(id);
  try {
    const { outcome, errors } = await sendCommand(id, command);
    if (!outcome) {
      const error = errors?.[0];
      entry.data.commandError = { command, problem: { code: error?.extensions?.code ?? 'ERROR', message: error?.message ?? `The ${command} was refused` } };
    } else if ('session' in outcome) {
      const wasTerminal = entry.data.session?.isTerminal ?? false;
      entry.data.session = outcome.session;
      // The stream dropped a session once it was terminal: one that moves again after a command needs the stream back.
      if (wasTerminal && !outcome.session.isTerminal) restartStream();
    } else {
      entry.data.commandError = { command, problem: { code: outcome.code, message: outcome.message } };
    }
  } catch (error) {
    entry.data.commandError = { command, problem: { code: 'NETWORK', message: error instanceof Error ? error.message : 'The gateway could not be reached' } };
  } finally {
    entry.data.busy = null;
    refresh(id);
  }
}

/** Pasted ids are looked up first, so a typo is reported next to the input instead of ending the stream for everyone. */
async function addPasted(text: string): Promise<void> {
  const parsed = parseSessionInputs(text);
  const problems = parsed.flatMap((input) => (input.ok ? [] : [`${input.input}: ${input.problem}`]));
  const candidates = parsed.flatMap((input) => (input.ok && !watched.has(input.id) ? [input] : []));
  const accepted: NewSession[] = [];
  if (candidates.length > 0) {
    try {
      const result = await execute(LookUpSessionsQuery, { ids: candidates.map(({ id }) => id) });
      if (!result.data) throw new Error(result.errors?.[0]?.message ?? 'The lookup failed');
      candidates.forEach((candidate, index) => {
        const session = result.data!.sessions[index] ?? null;
        const error = result.errors?.find((e) => e.path?.[0] === 'sessions' && e.path[1] === index);
        const code = error?.extensions?.code ?? 'ERROR';
        if (session) accepted.push({ ...candidate, id: session.id, session });
        else if (error && REFUSED_CODES.has(code)) problems.push(`${candidate.label}: ${code}. ${error.message}`);
        else accepted.push({ ...candidate, degraded: error ? { code, message: error.message } : null });
      });
    } catch (error) {
      problems.push(error instanceof Error ? error.message : 'The lookup failed');
    }
  }
  addProblems.replaceChildren(...problems.map((problem) => Object.assign(document.createElement('li'), { textContent: problem })));
  if (problems.length === 0) addInput.value = '';
  watch(accepted);
}

for (const demo of DEMO_SESSIONS) {
  const label = document.createElement('label');
  const box = Object.assign(document.createElement('input'), { type: 'checkbox', value: demo.id });
  box.addEventListener('change', () => (box.checked ? watch([demo]) : unwatch(demo.id)));
  const name = document.createElement('code');
  fillLabel(name, demo.label);
  label.append(box, name, ` ${demo.about}`);
  demoList.append(label);
}

addForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const submit = addForm.querySelector('button')!;
  submit.disabled = true;
  void addPasted(addInput.value).finally(() => (submit.disabled = false));
});

keyInput.value = clientKey();
keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  setClientKey(keyInput.value.trim());
  showError(null);
  // Every request reads the key as it is sent; the open stream is the one thing to redo.
  if (watched.size > 0) restartStream();
});

createSessionLists((entries) => watch(entries));

setConnection('idle', 'Not watching anything yet');
