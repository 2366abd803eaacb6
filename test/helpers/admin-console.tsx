import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { expect, vi } from 'vitest';

let stopRouter: (() => void) | null = null;

/**
 * Opens the console at `url` (path, query and hash) as a fresh page load: every console module is
 * evaluated anew (no signal keeps the last page's data), the previous page's router stops
 * listening, then the real app boots against whatever `fetch` answers (see adminServer).
 */
export async function openConsole(url: string) {
  cleanup();
  stopRouter?.();
  vi.resetModules();
  localStorage.clear();
  history.replaceState(null, '', url);
  const { App } = await import('../../admin/src/app');
  const { boot } = await import('../../admin/src/model/session');
  const { startRouter } = await import('../../admin/src/router');
  stopRouter = startRouter();
  const view = render(<App />);
  await boot();
  return view;
}

/** Waits for the page whose h1 is `name` (areas load as separate chunks) and answers the heading. */
export async function findPage(name: string | RegExp): Promise<HTMLElement> {
  return screen.findByRole('heading', { level: 1, name }, { timeout: 4000 });
}

/** The URL the console shows now. */
export const currentUrl = (): string => location.pathname + location.search;

export async function expectUrl(expected: string | RegExp): Promise<void> {
  await waitFor(() => (typeof expected === 'string' ? expect(currentUrl()).toBe(expected) : expect(currentUrl()).toMatch(expected)));
}
