import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { schema } from './src/schema.js';

/**
 * `npm run codegen`: prints the sorted SDL the gateway serves to schema/schema.graphql, and the
 * dashboard's typed documents with their persisted-documents manifest to src/dashboard/gql/. The
 * schema is passed as SDL rather than a file path so the same config loads under tsx and vitest.
 */
const config: CodegenConfig = {
  schema: printSchema(schema),
  generates: {
    'schema/schema.graphql': {
      plugins: ['schema-ast'],
      config: { sort: true, includeDirectives: false, commentDescriptions: false },
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
