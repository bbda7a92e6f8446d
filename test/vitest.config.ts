import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // graphql ships both .mjs and .js; Pothos loads one and vite the other, and graphql refuses
  // types from "another realm". One entry point for everyone.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  // Kept in test/ so the top level holds only what the design card names; paths stay repo-relative.
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
