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
    // Vitest's default is one worker fewer than the cores: one worker on a two-core CI machine.
    // Most test time is spent waiting on sockets and poll intervals, not on the CPU, so two
    // workers there halve the suite without crowding it.
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
