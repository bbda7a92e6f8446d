import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';

/** What the hot path answers for one request, before it is written. */
export interface HotPathAnswer {
  status: number;
  headers: Record<string, string | number>;
  payload: string;
  /** query or mutation: what metrics label the request with. */
  operationType: string;
}

/**
 * What a plugin with hooks the hot path does not run (yoga's request-level ones: onRequest,
 * onRequestParse, onResultProcess, onResponse, the request, requestParse, operation and
 * resultProcess instrumentation, or an onPluginInit that may add any of them) does for a request
 * the hot path serves. Its other hooks (onParams, parse, validate, context, execute,
 * onExecutionResult and their instrumentation) run on the hot path as they do in yoga.
 */
export interface HotPathHooks {
  /** Why this plugin needs every request to go through yoga, when it does. @default it does not */
  unavailable?: string;
  /** Whether the plugin's request-level hooks would let this request through untouched; false leaves it to yoga. @default always */
  accepts?(req: IncomingMessage): boolean;
  /** Wraps the serving of one request, as yoga's request instrumentation does. */
  request?(req: IncomingMessage, serve: () => Promise<HotPathAnswer>): Promise<HotPathAnswer>;
}

/** A plugin that says what it does on the hot path. */
export type HotPathPlugin = Plugin & { hotPath?: HotPathHooks };

/** `plugin`, declaring what it does on the hot path. */
export function withHotPath<P extends Plugin>(plugin: P, hotPath: HotPathHooks): P & { hotPath: HotPathHooks } {
  return Object.assign(plugin, { hotPath });
}

/** The hooks the hot path runs (yoga's getResultForParams and envelop); any other, known today or not, needs a declaration. */
const RUN_ON_HOT_PATH = new Set(['onYogaInit', 'onSchemaChange', 'onEnveloped', 'onParams', 'onParse', 'onValidate', 'onContextBuilding', 'onExecute', 'onSubscribe', 'onExecutionResult', 'onDispose']);
const INSTRUMENTED_ON_HOT_PATH = new Set(['init', 'parse', 'validate', 'context', 'execute', 'subscribe']);

/**
 * The hot-path hooks of the gateway's plugins, or why there can be no hot path: a plugin with a
 * hook the hot path does not run, and no word on what it does without it, would be skipped, so
 * every request then goes through yoga. A plugin with only envelop hooks needs nothing.
 */
export function hotPathHooks(plugins: readonly HotPathPlugin[]): { hooks: HotPathHooks[] } | { reason: string } {
  const hooks: HotPathHooks[] = [];
  for (const [index, plugin] of plugins.entries()) {
    if (plugin.hotPath?.unavailable !== undefined) return { reason: plugin.hotPath.unavailable };
    if (plugin.hotPath) {
      hooks.push(plugin.hotPath);
      continue;
    }
    const skipped = [
      ...Object.keys(plugin).filter((name) => name.startsWith('on') && !RUN_ON_HOT_PATH.has(name)),
      ...Object.keys(plugin.instrumentation ?? {}).filter((name) => !INSTRUMENTED_ON_HOT_PATH.has(name)).map((name) => `instrumentation.${name}`),
    ];
    if (skipped.length > 0) return { reason: `plugin ${index + 1} has hooks the hot path does not run (${skipped.join(', ')}) and no hot-path hooks` };
  }
  return { hooks };
}
