import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';

/** What the hot path answers for one request, before it is written. */
export interface HotPathAnswer {
  status: number;
  headers: Record<string, string | number>;
  payload: string;
  /** query, mutation or subscription: what metrics label the request with. */
  operationType: string;
}

/**
 * What a plugin with fetch-level hooks (onRequest, onRequestParse, onParams, onResponse, the
 * request instrumentation, or an onPluginInit that may add any of them) does for a request the
 * node-http hot path serves, where those hooks never run. Its envelop hooks (parse, validate,
 * context, execute) run on the hot path as they do everywhere, and need nothing here.
 */
export interface HotPathHooks {
  /** Why this plugin needs every request to go through yoga, when it does. @default it does not */
  unavailable?: string;
  /** Whether the plugin's fetch-level hooks would let this request through untouched; false leaves it to yoga. @default always */
  accepts?(req: IncomingMessage): boolean;
  /** Wraps the serving of one request, as yoga's request instrumentation does; `serve` resolves undefined when the request went to yoga after all. */
  request?(req: IncomingMessage, serve: () => Promise<HotPathAnswer | undefined>): Promise<HotPathAnswer | undefined>;
}

/** A plugin that says what it does on the hot path. */
export type HotPathPlugin = Plugin & { hotPath?: HotPathHooks };

/** `plugin`, declaring what it does on the hot path. */
export function withHotPath<P extends Plugin>(plugin: P, hotPath: HotPathHooks): P & { hotPath: HotPathHooks } {
  return Object.assign(plugin, { hotPath });
}

const FETCH_LEVEL_HOOKS = ['onPluginInit', 'onRequest', 'onRequestParse', 'onParams', 'onResponse', 'onResultProcess'] as const;

/**
 * The hot-path hooks of the gateway's plugins, or why there can be no hot path: a plugin with
 * fetch-level hooks that does not say what it does without them would be skipped, so every
 * request then goes through yoga. A new plugin with only envelop hooks needs nothing.
 */
export function hotPathHooks(plugins: readonly HotPathPlugin[]): { hooks: HotPathHooks[] } | { reason: string } {
  const hooks: HotPathHooks[] = [];
  for (const [index, plugin] of plugins.entries()) {
    if (plugin.hotPath?.unavailable !== undefined) return { reason: plugin.hotPath.unavailable };
    if (plugin.hotPath) {
      hooks.push(plugin.hotPath);
      continue;
    }
    const fetchLevel = FETCH_LEVEL_HOOKS.filter((name) => name in plugin);
    if (plugin.instrumentation?.request) fetchLevel.push('instrumentation.request' as never);
    if (fetchLevel.length > 0) return { reason: `plugin ${index + 1} has fetch-level hooks (${fetchLevel.join(', ')}) and no hot-path hooks` };
  }
  return { hooks };
}
