import { cleanup, configure } from '@testing-library/preact';
import { afterAll, afterEach } from 'vitest';

// Every sign-in runs the real scrypt hash (tens of milliseconds, far more on a busy two-core CI
// machine) before the page can show its answer: wait for what a person sees up to 5 s, not 1 s.
configure({ asyncUtilTimeout: 5000 });

// Testing Library only cleans up by itself when test globals are enabled; we keep them off.
afterEach(() => cleanup());

// Preact runs effects after paint, on a 100 ms timer where jsdom has no animation frames; one queued
// by a file's last render would fire after jsdom is torn down ("cancelAnimationFrame is not
// defined"). The file ends only once such a timer has had its turn: teardown, not an assertion.
afterAll(async () => {
  cleanup();
  await new Promise((done) => setTimeout(done, 150));
});

// jsdom has no clipboard; this stands in for the browser's, so a test can read what was copied.
if (!navigator.clipboard) {
  let text = '';
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: {
      writeText: async (t: string) => {
        text = t;
      },
      readText: async () => text,
    },
  });
}
