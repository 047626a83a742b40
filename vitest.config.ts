import { defineConfig } from 'vitest/config';

// One project per package or app, so `vitest run` covers the whole workspace.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/sync/vitest.config.ts',
      'apps/web/vitest.config.ts',
      'test/vitest.config.ts',
    ],
  },
});
