import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) without an exports map: Node picks CJS for
    // graphql-yoga, so tests must too, or GraphQLError exists twice and instanceof fails.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // One real redis-server for the suite (its URL: inject('redisUrl')).
    globalSetup: ['test/support/redis-global-setup.ts'],
  },
});
