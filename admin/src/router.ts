import { signal } from '@preact/signals';

/**
 * Client-side routing over the History API. The whole app reads `path` (pathname + search) and
 * re-renders what it names; `navigate` is the one way to change it, so the unsaved-changes guard
 * and the focus hand-off to the new page's heading cannot be bypassed.
 */

const here = () => location.pathname + location.search;

/** The current in-app URL, without the hash (tokens travel in the hash and never reach the server). */
export const path = signal(here());
/** A URL the person tried to leave for while a form had unsaved changes; the frame asks them. */
export const pendingLeave = signal<string | null>(null);

/** Set by `navigate`, read and cleared by the next page heading: it takes focus so screen readers announce the new page. */
export const focus = { pending: false };

type Blocker = () => boolean;
const blockers = new Set<Blocker>();

/** Registers a check that answers true while leaving would lose work; returns its removal. */
export function addBlocker(isDirty: Blocker): () => void {
  blockers.add(isDirty);
  return () => blockers.delete(isDirty);
}

const blocked = () => [...blockers].some((b) => b());

export interface NavigateOptions {
  replace?: boolean;
  /** Leave even with unsaved changes: the person confirmed, or the app itself moves on after a save. */
  force?: boolean;
}

/** Goes to `to` (an `/admin/...` URL); answers false when unsaved changes held it back for confirmation. */
export function navigate(to: string, { replace = false, force = false }: NavigateOptions = {}): boolean {
  if (!force && blocked()) {
    pendingLeave.value = to;
    return false;
  }
  pendingLeave.value = null;
  if (replace) history.replaceState(null, '', to);
  else if (to !== here() + location.hash) history.pushState(null, '', to);
  focus.pending = !replace;
  path.value = here();
  return true;
}

/** The person chose to leave despite unsaved changes. */
export function confirmLeave(): void {
  const to = pendingLeave.value;
  if (to !== null) navigate(to, { force: true });
}

export const cancelLeave = (): void => {
  pendingLeave.value = null;
};

/** Starts listening to Back/Forward and to clicks on in-app links; call once at boot. Answers the way to stop. */
export function startRouter(): () => void {
  const stop = new AbortController();
  const { signal } = stop;
  window.addEventListener('popstate', () => {
    const to = here() + location.hash;
    if (blocked()) {
      // The browser already moved; put the page's URL back and ask first.
      history.pushState(null, '', path.value);
      pendingLeave.value = to;
      return;
    }
    focus.pending = true;
    path.value = here();
  }, { signal });
  // Plain <a href="/admin/..."> anywhere in the app navigates in place; modified clicks open tabs as usual.
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    if (!a.pathname.startsWith('/admin')) return;
    // A link to a spot on this page (the skip link) is the browser's job.
    if (a.hash && a.pathname === location.pathname && a.search === location.search) return;
    e.preventDefault();
    navigate(a.pathname + a.search + a.hash);
  }, { signal });
  return () => stop.abort();
}

/** Where a page of the current environment lives: `envHref('env_1', 'rules')` → `/admin/env/env_1/rules`. */
export const envHref = (envId: string, area: string): string => `/admin/env/${encodeURIComponent(envId)}/${area}`;
