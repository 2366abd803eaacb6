import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';

// Testing Library only cleans up by itself when test globals are enabled; we keep them off.
afterEach(() => cleanup());
