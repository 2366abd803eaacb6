import type { Role, SessionView } from '../../shared/schemas/admin';
import { hashPassword } from '../../server/services/auth/password';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app';

/** The password every person made by `addPerson` signs in with. */
export const PASSWORD = 'correct horse battery staple';
export const SETUP_TOKEN = 'setup-token-for-tests';

/** The cookies a browser would keep for the console's origin: name → value. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string | undefined {
    return this.cookies.size ? [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  }

  /** Takes the response's `Set-Cookie` lines; `Max-Age=0` or a past `Expires` deletes. */
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const gone = attrs.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
  }

  clear(): void {
    this.cookies.clear();
  }
}

export interface AdminServer extends TestApp {
  jar: CookieJar;
  /** Every request the console made, in order: `GET /v1/admin/me`. */
  requests: string[];
  /** Makes a person directly in the store (as `npm run admin:create` does) who signs in with PASSWORD. */
  addPerson(email: string, role: Role, name?: string): Promise<string>;
  /** Signs in through the API, as the sign-in form would, leaving the session cookie in the jar. */
  signIn(email: string): Promise<SessionView>;
  /** Calls the server the way the console's own fetch does (cookie jar, Origin on writes). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

/**
 * The real server (`createApp` over a temporary SQLite store, see createTestApp), with
 * `globalThis.fetch` routing the console's relative `/v1/...` requests to `app.request` the way a
 * browser on the same origin would: cookies kept and sent, `Origin` on every write. Call
 * `cleanup()` in afterEach; it restores fetch.
 */
export async function adminServer(options: TestAppOptions = {}): Promise<AdminServer> {
  const test = await createTestApp({ setupToken: SETUP_TOKEN, ...options });
  const jar = new CookieJar();
  const requests: string[] = [];
  const origin = location.origin;
  const original = globalThis.fetch;

  const send = async (method: string, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const cookie = jar.header();
    if (cookie) headers.set('Cookie', cookie);
    if (method !== 'GET' && method !== 'HEAD') headers.set('Origin', origin);
    const res = await test.app.request(new URL(path, origin).href, { ...init, method, headers });
    jar.take(res);
    return res;
  };

  globalThis.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('/')) throw new TypeError(`The console fetched ${url}; it only ever calls its own origin`);
    const method = (init.method ?? 'GET').toUpperCase();
    requests.push(`${method} ${url}`);
    return send(method, url, init);
  }) as typeof fetch;

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    send(method, path, body === undefined ? { headers } : { headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  return {
    ...test,
    jar,
    requests,
    call,
    async addPerson(email, role, name) {
      const user = await test.store.createUser({ email, name: name ?? null, role, passwordHash: await hashPassword(PASSWORD) }, Date.now());
      if (!user) throw new Error(`could not create ${email}`);
      return user.id;
    },
    async signIn(email) {
      const res = await call('POST', '/v1/admin/session', { email, password: PASSWORD });
      if (!res.ok) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as SessionView;
    },
    async cleanup() {
      globalThis.fetch = original;
      await test.cleanup();
    },
  };
}

/** Puts the demo catalog and rules into `server`'s environment as drafts, through the secret-key API (rules as code). */
export async function seedDrafts(server: AdminServer): Promise<void> {
  const { demoContent } = await import('../../server/demo/seed');
  const put = async (path: string, body: unknown) => {
    const res = await server.app.request(`http://localhost${path}`, { method: 'PUT', headers: { Authorization: `Bearer ${server.secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
  };
  await put('/v1/catalog', demoContent.catalog);
  for (const rule of demoContent.rules) await put(`/v1/rules/${rule.id}`, rule);
}
