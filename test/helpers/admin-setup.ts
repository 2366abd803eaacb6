import { cleanup, configure } from '@testing-library/preact';
import { afterEach } from 'vitest';

// Every sign-in runs the real scrypt hash (tens of milliseconds, far more on a busy two-core CI
// machine) before the page can show its answer: wait for what a person sees up to 5 s, not 1 s.
configure({ asyncUtilTimeout: 5000 });

// Testing Library only cleans up by itself when test globals are enabled; we keep them off.
afterEach(() => cleanup());

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
