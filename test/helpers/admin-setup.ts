import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';

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
