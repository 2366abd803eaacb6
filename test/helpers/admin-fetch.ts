import type { Role, SessionView } from '../../shared/schemas/admin';
import { api } from '../../admin/src/api';
import { refreshEnvironments } from '../../admin/src/model/environments';
import { startSession } from '../../admin/src/model/session';
import { createAdmin } from '../../server/admin-create';
import type { App } from '../../server/app';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app';

/** A password long enough for `NewPassword`; every test person has it. */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface Routed {
  /** Every request the console made, as `METHOD /path`, in order. */
  calls: string[];
  /** Puts the original `fetch` back. */
  restore(): void;
}

/**
 * Routes the console's `fetch` of relative (and same-origin) URLs into `app.request`, with a cookie
 * jar, as a browser on the console's own origin would: the session cookie comes back on every
 * call and writes carry `Origin`. Nothing is mocked: the real app answers over its real store.
 */
export function routeFetchToApp(app: App, origin = location.origin): Routed {
  const original = globalThis.fetch;
  const jar = new Map<string, string>();
  const calls: string[] = [];
  globalThis.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), origin);
    if (url.origin !== origin) throw new TypeError(`The console fetched ${url.href}, outside its own origin`);
    const method = (init.method ?? 'GET').toUpperCase();
    calls.push(`${method} ${url.pathname}${url.search}`);
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    if (method !== 'GET' && method !== 'HEAD') headers.set('Origin', origin);
    const res = await app.request(url.href, { ...init, method, headers });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) jar.delete(name.trim());
      else jar.set(name.trim(), value.trim());
    }
    return res;
  };
  return { calls, restore: () => void (globalThis.fetch = original) };
}

export interface AdminTestApp extends TestApp {
  routed: Routed;
  /** Gives `email` console access with `role`, signs in through the API and starts the console's session. */
  signIn(role: Role, email?: string): Promise<SessionView>;
  /** Restores `fetch`, then closes the store. */
  close(): Promise<void>;
}

/** The real app over a temp SQLite store (one environment, "Test"), with the console's fetch routed into it. */
export async function createAdminTestApp(options: TestAppOptions = {}): Promise<AdminTestApp> {
  const t = await createTestApp(options);
  const routed = routeFetchToApp(t.app);
  return {
    ...t,
    routed,
    async signIn(role, email = `${role}@acme.test`) {
      const made = await createAdmin(t.store, { email, password: TEST_PASSWORD, role }, Date.now());
      if (!made.ok) throw new Error(made.error);
      const view = await api<SessionView>('POST', '/v1/admin/session', { email, password: TEST_PASSWORD });
      startSession(view);
      await refreshEnvironments();
      return view;
    },
    async close() {
      routed.restore();
      await t.cleanup();
    },
  };
}

/** jsdom has no clipboard: a recording one, so copy buttons can be pressed and what they copied read. */
export function recordClipboard(): { texts: string[] } {
  const texts: string[] = [];
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void texts.push(text) } });
  return { texts };
}
