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
          // Tests outside src that need no broker run here too: the import order, the simulator
          // encoders decoded by ingest (two workspaces that may not import each other), and
          // correlation over whole scenarios (the offline pipeline, no broker).
          include: [
            '{schema,dashboards,ingest,simulators,api,system,bench}/src/**/*.test.ts',
            'test/architecture/**/*.test.ts',
            'test/round-trip/**/*.test.ts',
            'test/correlation/**/*.test.ts',
          ],
          // Embedded PostgreSQL (PGlite) takes seconds to initialise on a busy machine, and a
          // day of background traffic through the offline pipeline takes several.
          hookTimeout: 60_000,
          testTimeout: 60_000,
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
          exclude: ['test/architecture/**', 'test/round-trip/**', 'test/correlation/**', '**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
