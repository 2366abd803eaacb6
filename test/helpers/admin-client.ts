import type { App } from '../../server/http/app';
import { hashPassword } from '../../server/services/auth/password';
import type { Store } from '../../server/store/types';
import type { UserRecord } from '../../server/store/workspace-types';
import { Email, SessionView, type Role, type User } from '../../shared/schemas/admin';

/** The origin the console is served from in these tests, unless a test gives the app a public URL. */
export const CONSOLE = 'http://localhost';

/** A password long enough for the server's rules, for people the tests make. */
export const PASSWORD = 'correct horse battery staple';

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flags map to `true`. */
  attributes: Record<string, string | true>;
}

/** Every `Set-Cookie` of an answer, parsed as a browser reads them. */
export function setCookies(res: Response): SetCookie[] {
  return res.headers.getSetCookie().map((line) => {
    const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const a of attrs) {
      const i = a.indexOf('=');
      if (i < 0) attributes[a.toLowerCase()] = true;
      else attributes[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
    }
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
  });
}

export interface RequestOptions {
  /** Extra headers, or `undefined` values to leave a default header out (e.g. `Origin`). */
  headers?: Record<string, string | undefined>;
  /** Send no `X-CSRF-Token` even on a write. */
  noCsrf?: boolean;
}

/**
 * A browser tab on the console: keeps the session cookie the server sets (and drops it when the
 * server clears it) and the CSRF token of the last sign-in, and sends them as the console's API
 * client does: the cookie always, `X-CSRF-Token` and a same-origin `Origin` on every write.
 */
export class AdminClient {
  /** The session cookie as `name=value`, or null when signed out. */
  cookie: string | null = null;
  csrfToken: string | null = null;
  user: User | null = null;

  constructor(
    readonly app: App,
    readonly origin = CONSOLE,
  ) {}

  /** Any request to the app, with the jar's cookie and (on writes) the CSRF token and Origin. */
  async request(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<Response> {
    const write = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    const headers: Record<string, string | undefined> = {
      ...(this.cookie ? { Cookie: this.cookie } : {}),
      ...(write ? { Origin: this.origin } : {}),
      ...(write && this.csrfToken && !options.noCsrf ? { 'X-CSRF-Token': this.csrfToken } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...options.headers,
    };
    const sent = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
    const res = await this.app.request(`${this.origin}${path}`, {
      method,
      headers: sent,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    this.keepCookies(res);
    return res;
  }

  get = (path: string, options?: RequestOptions) => this.request('GET', path, undefined, options);
  post = (path: string, body?: unknown, options?: RequestOptions) => this.request('POST', path, body, options);
  put = (path: string, body?: unknown, options?: RequestOptions) => this.request('PUT', path, body, options);
  patch = (path: string, body?: unknown, options?: RequestOptions) => this.request('PATCH', path, body, options);
  delete = (path: string, body?: unknown, options?: RequestOptions) => this.request('DELETE', path, body, options);

  /** A request that must succeed with `status`; answers its JSON body (null for an empty one). */
  async ok<T = unknown>(method: string, path: string, body?: unknown, status = 200): Promise<T> {
    const res = await this.request(method, path, body);
    const text = await res.text();
    if (res.status !== status) throw new Error(`${method} ${path} answered ${res.status}, expected ${status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** `POST /v1/admin/session`; keeps the session on success. */
  async signIn(email: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.post('/v1/admin/session', { email, password }, { headers });
    await this.keepSession(res);
    return res;
  }

  /** Keeps the CSRF token and user of a 200/201 session answer (sign-in, setup, invite acceptance). */
  async keepSession(res: Response): Promise<void> {
    if (res.status !== 200 && res.status !== 201) return;
    const view = SessionView.parse(await res.clone().json());
    this.csrfToken = view.csrfToken;
    this.user = view.user;
  }

  private keepCookies(res: Response) {
    for (const c of setCookies(res)) {
      if (!c.name.endsWith('upshift_session')) continue;
      const expired = c.value === '' || c.attributes['max-age'] === '0' || (typeof c.attributes.expires === 'string' && Date.parse(c.attributes.expires) <= Date.now());
      this.cookie = expired ? null : `${c.name}=${c.value}`;
    }
  }
}

/** A new tab signed in as `email`; throws when the server refuses. */
export async function signedIn(app: App, email: string, password = PASSWORD, origin = CONSOLE): Promise<AdminClient> {
  const client = new AdminClient(app, origin);
  const res = await client.signIn(email, password);
  if (res.status !== 200) throw new Error(`sign-in as ${email} answered ${res.status}: ${await res.text()}`);
  return client;
}

let passwordHash: Promise<string> | undefined;

/**
 * Gives `email` console access with `role` straight through the store, as `npm run admin:create`
 * does, with `PASSWORD` (hashed once per test file: scrypt is slow on purpose).
 */
export async function addPerson(store: Store, email: string, role: Role, at = Date.now()): Promise<UserRecord> {
  passwordHash ??= hashPassword(PASSWORD);
  const user = await store.createUser({ email: Email.parse(email), name: null, role, passwordHash: await passwordHash }, at);
  if (!user) throw new Error(`${email} already has access`);
  return user;
}

/** A clock the test moves by hand. */
export function manualClock(start: number) {
  let now = start;
  return {
    clock: () => now,
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
  };
}
