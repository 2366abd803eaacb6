import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../server/http/app';
import { signIdentityToken } from '../../server/services/identity-token';
import { demoContent, publish } from '../../server/demo/seed';
import { createDeliverer, type Deliverer, type Timer } from '../../server/services/webhooks/deliver';
import type { DestinationPolicy, Resolve } from '../../server/services/webhooks/outbound';
import type { ConfigContent } from '../../shared/schemas/config';
import { IdentitySettingsView } from '../../shared/schemas/identity';
import type { Rule } from '../../shared/schemas/rule';
import { fakeDns } from '../helpers/dns';
import { createTestApp, type TestApp } from '../helpers/test-app';
import type { StoreKind } from '../helpers/stores';

/** 2026-11-22 12:00 UTC. */
export const T0 = Date.UTC(2026, 10, 22, 12);
export const DAY = 86_400_000;

const trialRule = (id: string, extra: Partial<Rule> = {}): Rule => ({
  id,
  name: 'Try scheduled reports',
  status: 'live',
  priority: 10,
  trigger: { type: 'feature', feature: 'scheduled_reports' },
  offer: { type: 'trial', feature: 'scheduled_reports', days: 14 },
  surface: 'panel',
  content: { title: 'Try {{offer.name}}', body: 'Free for {{offer.days}} days', cta: 'Start the trial' },
  ...extra,
});

/** The demo content plus trial offers: live, live with variants, a draft, one scheduled for later, and an alerts trial. */
export const trialContent: ConfigContent = {
  ...demoContent,
  rules: [
    ...demoContent.rules,
    trialRule('try-reports'),
    trialRule('try-reports-ab', { variants: [{ id: 'short', weight: 1 }, { id: 'long', weight: 1 }] }),
    trialRule('try-reports-draft', { status: 'draft' }),
    trialRule('try-reports-later', { schedule: { start: '2027-01-01T00:00:00Z' } }),
    trialRule('try-alerts', { trigger: { type: 'feature', feature: 'anomaly_alerts' }, offer: { type: 'trial', feature: 'anomaly_alerts', days: 7 } }),
  ],
};

/**
 * Checks a Standard Webhooks signature the way a host's receiver would, written from the spec and
 * independent of the server's signing code: the HMAC-SHA256 of "<id>.<timestamp>.<body>" under the
 * base64-decoded secret, compared in constant time with each `v1,` entry of the header.
 */
export function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders | Record<string, string | undefined>, body: string): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  if (!/^\d+$/.test(timestamp)) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || value === undefined) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** TCP connections accepted, requests or not: a refused delivery must not even knock. */
  connections(): number;
  close(): Promise<void>;
}

/** The host's webhook receiver: a real HTTP server on loopback answering the nth request (0-based) with `status(n)`. */
export async function startReceiver(status: (n: number) => number = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = status(received.length);
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status: answer });
      res.writeHead(answer, { 'Content-Type': 'text/plain' }).end(answer < 300 ? 'ok' : 'nope');
    });
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/upshift`,
    received,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A clock and timer the test moves by hand: hours of retries run in milliseconds. */
export function fakeTime(start = T0) {
  let now = start;
  let nextHandle = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const timer: Timer = {
    set(run, ms) {
      timers.set(++nextHandle, { at: now + ms, run });
      return nextHandle;
    },
    clear(handle) {
      timers.delete(handle as number);
    },
  };
  return {
    clock: () => now,
    timer,
    /** Moves the clock to the earliest timer and fires it; false when none is set. */
    fireNext(): boolean {
      const [handle, earliest] = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (handle === undefined || !earliest) return false;
      timers.delete(handle);
      now = Math.max(now, earliest.at);
      earliest.run();
      return true;
    },
    set: (ms: number) => {
      now = ms;
    },
  };
}

export interface WebhookTestApp extends TestApp {
  /** The app under test, wired to `deliverer`. */
  app: App;
  deliverer: Deliverer;
  /** Where webhooks may go, as both the API and the deliverer were given it. */
  destinations: DestinationPolicy;
  time: ReturnType<typeof fakeTime>;
}

export interface WebhookTestAppOptions {
  random?: () => number;
  /**
   * Lets webhooks go to loopback, as `UPSHIFT_WEBHOOK_ALLOW_PRIVATE=1` does: a test whose receiver
   * listens on 127.0.0.1 must ask for it.
   */
  allowPrivate?: boolean;
  /** The resolver for save and delivery alike (default: one that knows no name). */
  resolve?: Resolve;
  /** Which store the app runs on (default SQLite). */
  storeKind?: StoreKind;
}

/** The real app over a temporary SQLite file with `trialContent` published and a deliverer on fake time. */
export async function createWebhookTestApp(options: WebhookTestAppOptions = {}): Promise<WebhookTestApp> {
  const t = await createTestApp({ publish: false, ...(options.storeKind && { storeKind: options.storeKind }) });
  await publish(t.store, t.environment.id, trialContent);
  const time = fakeTime();
  const destinations: DestinationPolicy = { allowPrivate: options.allowPrivate ?? false, resolve: options.resolve ?? fakeDns() };
  const deliverer = createDeliverer({ store: t.store, clock: time.clock, timer: time.timer, logger: t.logger, random: options.random ?? (() => 0.5), timeoutMs: 2000, destinations });
  const app = createApp({ store: t.store, clock: time.clock, logger: t.logger, deliverer, webhooks: destinations });
  return {
    ...t,
    app,
    deliverer,
    destinations,
    time,
    async cleanup() {
      await deliverer.stop();
      await t.cleanup();
    },
  };
}

/** A request with the secret key, and a JSON body when given. */
export function secretCall(t: { app: App; secretKey: string }, method: string, path: string, body?: unknown) {
  return t.app.request(path, {
    method,
    headers: { Authorization: `Bearer ${t.secretKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

/** `POST /v1/trials` as the widget sends it, from `origin` (default the allowed one), with the person's identity token when given. */
export function postTrial(t: { app: App; key: string }, body: unknown, origin = 'https://app.acme.test', token?: string) {
  return t.app.request('https://api.upshift.test/v1/trials', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': t.key, Origin: origin, ...(token === undefined ? {} : { 'X-Upshift-Token': token }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * Sets the environment's identity verification with the secret key (by default off, with no
 * opt-out: trials and admin requests then need a token) and answers the secret its backend signs with.
 */
export async function identitySecret(t: { app: App; secretKey: string }, choice: { required: boolean; unverifiedActions?: boolean } = { required: false }): Promise<string> {
  const res = await secretCall(t, 'PUT', '/v1/identity', choice);
  if (res.status !== 200) throw new Error(`PUT /v1/identity answered ${res.status}: ${await res.text()}`);
  return IdentitySettingsView.parse(await res.json()).secret!;
}

/**
 * The identity token the host's backend would sign for the person a request body names (its
 * `userId` and `accountId`), valid for ten minutes from `now` (epoch ms); undefined for a body
 * that names no one, which the server refuses before it looks for a token.
 */
export function tokenForBody(secret: string, body: unknown, now: number): string | undefined {
  const { userId, accountId } = (typeof body === 'object' && body !== null ? body : {}) as { userId?: unknown; accountId?: unknown };
  if (typeof userId !== 'string' || typeof accountId !== 'string') return undefined;
  return signIdentityToken({ sub: userId, account: accountId, exp: Math.floor(now / 1000) + 600 }, secret);
}

/**
 * Gives the environment an identity secret (verification off, no opt-out: what a host that signs
 * tokens has) and answers `POST /v1/trials` as the widget of the person each body names sends it,
 * from `origin`: with that person's token, signed as of the app's clock.
 */
export async function signedTrials(t: WebhookTestApp): Promise<(body: unknown, origin?: string) => Promise<Response> | Response> {
  const secret = await identitySecret(t);
  return (body, origin) => postTrial(t, body, origin, tokenForBody(secret, body, t.time.clock()));
}
