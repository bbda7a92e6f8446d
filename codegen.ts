import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { clientSchema, subgraphSdl } from './src/schema.js';

/**
 * `npm run codegen`: prints the sorted client SDL to schema/schema.graphql, the Federation SDL
 * that `_service { sdl }` serves (with `@link` and the `@key`s) to schema/subgraph.graphql, and the
 * dashboard's typed documents with their persisted-documents manifest to src/dashboard/gql/. The
 * schema is passed as SDL rather than a file path so the same config loads under tsx and vitest.
 */
const config: CodegenConfig = {
  schema: printSchema(clientSchema),
  generates: {
    'schema/schema.graphql': {
      plugins: ['schema-ast'],
      config: { sort: true, includeDirectives: false, commentDescriptions: false },
    },
    'schema/subgraph.graphql': {
      plugins: [{ add: { content: `${subgraphSdl}\n` } }],
    },
    'src/dashboard/gql/': {
      documents: ['src/dashboard/page/**/*.ts'],
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
      config: {
        documentMode: 'string',
        onlyOperationTypes: true,
        enumsAsTypes: true,
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        scalars: { DateTime: 'string', Int64: 'string', JSON: 'unknown', SafeInt: 'number', UUID: 'string' },
      },
    },
  },
};

export default config;
