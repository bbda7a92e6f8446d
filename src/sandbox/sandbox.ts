import { createDeepsetApi } from '../upstreams/deepset/deepset-simulator.js';
import { createKadoaApi } from '../upstreams/kadoa/kadoa-simulator.js';
import { createParadigmApi } from '../upstreams/paradigm/paradigm-simulator.js';
import { createPingApi } from '../upstreams/ping/ping-simulator.js';
import { PROVIDERS, type Provider } from '../upstreams/provider.js';
import { DemoSessions } from './demo-sessions.js';
import { createFaultTable, type FaultSwitch } from './faults.js';
import type { ProviderApi } from './provider-api.js';
import { closeServer, createProviderServer, listen, type FinishedRequest } from './provider-server.js';

export interface SandboxOptions {
  /**
   * Advance demo sessions automatically every N ms. `npm start` uses ~2000.
   * @default false (tests call tick())
   */
  autoTickMs?: number | false;
  /**
   * A demo that reached its end restarts after this many more ticks, manual or automatic, so a
   * newcomer watching `npm start` always sees movement.
   * @default false (no loop)
   */
  loopAfterTicks?: number | false;
  /**
   * API keys each simulator accepts.
   * @default SANDBOX_KEYS
   */
  keys?: Partial<Record<Provider, string>>;
  /** @default '127.0.0.1' */
  host?: string;
}

export const SANDBOX_KEYS: Readonly<Record<Provider, string>> = {
  DEEPSET: 'sandbox-deepset-key',
  PARADIGM: 'sandbox-paradigm-key',
  PING: 'sandbox-ping-key',
  KADOA: 'sandbox-kadoa-key',
};

export interface SandboxRequest {
  provider: Provider;
  method: string;
  /** As the client sent it, query string included. */
  path: string;
  /** 0 when no status was sent (the `reset` fault, or the client hung up first). */
  status: number;
  /** Wall-clock ms when the response finished. */
  at: number;
}

export interface Sandbox {
  /** Base URLs: the origin, plus `/customer/v2` for Ping to mirror its real server URL. */
  urls: Record<Provider, string>;
  keys: Record<Provider, string>;
  /** Advance every demo session `steps` ticks (default 1). */
  tick(steps?: number): void;
  /** Back to tick 0, with no faults and an empty request log. */
  reset(): void;
  /** Every request received, appended once its response has finished. */
  readonly requests: readonly SandboxRequest[];
  requestCount(provider: Provider, filter?: { method?: string; pathIncludes?: string }): number;
  /** Called for each request as it is logged; returns the unsubscribe function. */
  onRequest(listener: (request: SandboxRequest) => void): () => void;
  /**
   * Called when finished sessions start over: one demo after `loopAfterTicks`, or (no sessionId)
   * every session of the provider on reset(). Real sessions never leave a terminal state, so a
   * gateway caching them needs telling. Returns the unsubscribe function.
   */
  onRestart(listener: (provider: Provider, sessionId?: string) => void): () => void;
  faults: FaultSwitch;
  /** Closes the servers and the tick timer, and destroys open sockets (keep-alive too). */
  close(): Promise<void>;
}

const API_FACTORIES: Record<Provider, (demos: DemoSessions) => ProviderApi> = {
  DEEPSET: createDeepsetApi,
  PARADIGM: createParadigmApi,
  PING: createPingApi,
  KADOA: createKadoaApi,
};

/** Starts the four simulated upstreams on random ports of `host`, in this process. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { autoTickMs = false, loopAfterTicks = false, host = '127.0.0.1' } = options;
  assertTickCount('loopAfterTicks', loopAfterTicks);
  if (autoTickMs !== false && !(Number.isFinite(autoTickMs) && autoTickMs > 0)) {
    throw new RangeError(`autoTickMs must be a positive number of ms or false, got ${autoTickMs}`);
  }

  const keys: Record<Provider, string> = Object.freeze({ ...SANDBOX_KEYS, ...options.keys });
  const demos = new DemoSessions(loopAfterTicks);
  const faults = createFaultTable();
  const log: SandboxRequest[] = [];
  const listeners = new Set<(request: SandboxRequest) => void>();
  const restartListeners = new Set<(provider: Provider, sessionId?: string) => void>();

  const tell = <A extends unknown[]>(what: string, to: Iterable<(...args: A) => void>, ...args: A): void => {
    for (const listener of [...to]) {
      try {
        listener(...args);
      } catch (error) {
        console.error(`sandbox: an ${what} listener threw`, error);
      }
    }
  };
  const record = (provider: Provider, finished: FinishedRequest): void => {
    const request = Object.freeze({ provider, ...finished, at: Date.now() });
    log.push(request);
    tell('onRequest', listeners, request);
  };
  const tick = (): void => {
    for (const { provider, sessionId } of demos.tick()) tell('onRestart', restartListeners, provider, sessionId);
  };

  const apis = PROVIDERS.map((provider) => API_FACTORIES[provider](demos));
  const servers = apis.map((api) =>
    createProviderServer({ api, key: keys[api.provider], faults, onFinished: (finished) => record(api.provider, finished) }),
  );
  let origins: string[];
  try {
    origins = await Promise.all(servers.map((server) => listen(server, host)));
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    throw error;
  }
  const urls = Object.freeze(
    Object.fromEntries(apis.map((api, index) => [api.provider, `${origins[index]}${api.basePath}`])),
  ) as Record<Provider, string>;

  const timer = autoTickMs === false ? undefined : setInterval(tick, autoTickMs);

  return {
    urls,
    keys,
    tick(steps = 1) {
      assertTickCount('steps', steps);
      for (let step = 0; step < steps; step += 1) tick();
    },
    reset() {
      demos.reset();
      faults.clear();
      log.length = 0;
      for (const provider of PROVIDERS) tell('onRestart', restartListeners, provider, undefined);
    },
    get requests() {
      return log;
    },
    requestCount(provider, { method, pathIncludes } = {}) {
      return log.filter(
        (request) =>
          request.provider === provider &&
          (method === undefined || request.method === method.toUpperCase()) &&
          (pathIncludes === undefined || request.path.includes(pathIncludes)),
      ).length;
    },
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onRestart(listener) {
      restartListeners.add(listener);
      return () => restartListeners.delete(listener);
    },
    faults: { set: faults.set, clear: faults.clear },
    async close() {
      clearInterval(timer);
      await Promise.all(servers.map(closeServer));
    },
  };
}

function assertTickCount(name: string, value: number | false): void {
  if (value !== false && !(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`${name} must be a non-negative integer${name === 'steps' ? '' : ' or false'}, got ${value}`);
  }
}
