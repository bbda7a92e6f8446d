import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Refuses `__schema` and `__type` (not `__typename`) as a validation error. Not
 * @graphql-yoga/plugin-disable-introspection: it marks HTTP requests only, so a graphql-ws
 * operation, which has none, would still be answered.
 */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
