import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { schema } from './src/schema.js';

/**
 * `npm run codegen`: prints the sorted SDL the gateway serves to schema/schema.graphql. The
 * schema is passed as SDL rather than a file path so the same config loads under tsx and vitest.
 */
const config: CodegenConfig = {
  schema: printSchema(schema),
  generates: {
    'schema/schema.graphql': {
      plugins: ['schema-ast'],
      config: { sort: true, includeDirectives: false, commentDescriptions: false },
    },
  },
};

export default config;
