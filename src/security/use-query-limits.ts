import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { withHotPath } from '../server/hot-path/hot-path-hooks.js';
import type { SecuritySettings } from './security-settings.js';

/**
 * armor throws from inside validation by default, which yoga answers as an execution error with
 * status 200. Reported as validation errors instead, they get GRAPHQL_VALIDATION_FAILED and 400,
 * as the GraphQL-over-HTTP spec asks, and nothing has been executed.
 */
type RejectCallback = NonNullable<NonNullable<NonNullable<Parameters<typeof EnvelopArmorPlugin>[0]>['maxDepth']>['onReject']>[number];

const reportAsValidationError: RejectCallback = (context, error) => {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')));
};

const asValidation = { propagateOnRejection: false, onReject: [reportAsValidationError] };

/**
 * Depth, aliases, tokens, cost and directives (graphql-armor), checked before anything runs, on every transport.
 * Without `fieldSuggestions`, graphql-js's "Did you mean …?" hints are dropped: they spell out field names to someone
 * probing the schema with introspection off.
 */
export function useQueryLimits({ queryLimits: limits, fieldSuggestions }: Pick<SecuritySettings, 'queryLimits' | 'fieldSuggestions'>): Plugin {
  // armor's onPluginInit adds parse and validate hooks only, which run on the hot path as anywhere.
  return withHotPath(EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, ...asValidation },
    maxAliases: { n: limits.maxAliases, ...asValidation },
    costLimit: { maxCost: limits.maxCost, ...asValidation },
    maxDirectives: { n: limits.maxDirectives, ...asValidation },
    // Counted while parsing, so a huge query is refused before it is even turned into a document.
    maxTokens: { n: limits.maxTokens },
    blockFieldSuggestion: { enabled: !fieldSuggestions },
  }), {});
}
