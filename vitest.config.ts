import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// Three projects: fast unit tests beside the code (node), web components and stores
// (jsdom), and the integration suite that talks to real brokers, databases and a browser.
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['{schema,dashboards,ingest,simulators,api}/src/**/*.test.ts'],
          // Embedded PostgreSQL (PGlite) takes seconds to initialise on a busy machine.
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [vue()],
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['web/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          globalSetup: ['./test/support/global-setup.ts'],
          include: ['test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
