import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const jsx = { jsx: { runtime: 'automatic' as const, importSource: 'preact' } };

export default defineConfig({
  oxc: jsx,
  test: {
    // Vitest's default is one worker fewer than the cores: on a two-core CI machine that is one, and
    // every file then runs alone while most of them wait on loopback HTTP. Two keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/helpers/global-setup.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    projects: [
      {
        oxc: jsx,
        // Property tests run hundreds of generated configs per test: alone about a second, but several
        // times that while every other file shares the two CI cores. A harness limit, not a timing check.
        test: { name: 'unit', include: ['test/shared/**/*.test.ts', 'test/server/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/client/**/*.test.ts', 'test/cli/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
      },
      {
        oxc: jsx,
        // Widget tests talk to a live server on loopback and wait for what a person would see; on a
        // busy two-core CI machine that can take longer than vitest's default 5 s per test.
        test: { name: 'widget', include: ['test/widget/**/*.test.{ts,tsx}'], environment: 'jsdom', setupFiles: ['test/helpers/widget-setup.ts'], testTimeout: 20_000 },
      },
      {
        oxc: jsx,
        // The console's tests drive the real server through `app.request` and wait for what a
        // person would see; each area is its own dynamically imported module, as in the browser.
        // The API reference page (/docs/api) is tested here too: the same stack in jsdom.
        test: { name: 'admin', include: ['test/admin/**/*.test.{ts,tsx}', 'test/apidocs/**/*.test.{ts,tsx}'], environment: 'jsdom', setupFiles: ['test/helpers/admin-setup.ts'], testTimeout: 20_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Real Chromium and real servers, one file at a time, after the rest. Two at a time took 659 s
          // against 1,065 s on a loaded two-core machine, but a second run failed delivery's "two tabs
          // … once" (not yet diagnosed; it passes alone and one at a time), and CI must not depend on load.
          fileParallelism: false,
        },
      },
    ],
  },
});
