import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { expect } from 'vitest';
import { App } from '../../admin/src/app';
import { setCsrfToken } from '../../admin/src/api';
import { boot, phase, user } from '../../admin/src/model/session';
import { pendingLeave, path, startRouter } from '../../admin/src/router';

/**
 * Opens the console at `url` (path, query and hash) as a fresh page load: the router and session
 * start over, then the real app boots against whatever `fetch` answers (see adminServer).
 */
export async function openConsole(url: string) {
  cleanup();
  startRouter();
  history.replaceState(null, '', url);
  path.value = location.pathname + location.search;
  pendingLeave.value = null;
  phase.value = 'booting';
  user.value = null;
  setCsrfToken(null);
  localStorage.clear();
  const view = render(<App />);
  await boot();
  return view;
}

/** Waits for the page whose h1 is `name` (areas load as separate chunks) and answers the heading. */
export async function findPage(name: string | RegExp): Promise<HTMLElement> {
  const heading = await screen.findByRole('heading', { level: 1, name }, { timeout: 4000 });
  return heading;
}

/** The URL the console shows now. */
export const currentUrl = (): string => location.pathname + location.search;

export async function expectUrl(expected: string | RegExp): Promise<void> {
  await waitFor(() => (typeof expected === 'string' ? expect(currentUrl()).toBe(expected) : expect(currentUrl()).toMatch(expected)));
}
