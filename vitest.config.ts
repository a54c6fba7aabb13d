import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the "source" export
// condition, so the unit tiers run without a build; the CLI end-to-end tests spawn dist.
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    include: ['packages/*/src/**/*.spec.ts', 'event-store/src/**/*.spec.ts', 'test-support/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Refuses a build older than the sources: worker threads and the e2e tests run the build.
    globalSetup: ['test-support/freshBuild.ts'],
  },
});
