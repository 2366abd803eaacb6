import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { expect } from 'vitest';
import { createApp, type App } from '../../server/http/app';
import { signIdentityToken } from '../../server/services/identity-token';
import { publish } from '../../server/demo/seed';
import type { Store } from '../../server/store/types';
import { createDeliverer, type Deliverer } from '../../server/services/webhooks/deliver';
import type { DestinationPolicy } from '../../server/services/webhooks/outbound';
import { fakeDns } from '../helpers/dns';
import { IdentitySettingsView } from '../../shared/schemas/identity';
import { WebhookEndpointWithSecret } from '../../shared/schemas/webhook';
import { expectApiError } from '../helpers/http';
import { APP_ORIGIN } from '../helpers/test-app';
import { stripeSignature } from './conversion-helpers';
import { fakeTime, T0, trialContent, verifyStandardWebhook, type Receiver } from './webhook-helpers';

/** A Stripe signing secret as an operator pastes it from Stripe's dashboard; each environment has its own. */
export const newStripeSecret = (): string => `whsec_${randomBytes(24).toString('base64url')}`;

/** The secrets an environment has once each was set through the API. */
export interface Secrets {
  identity: string;
  /** The identity secret rotated away from, still taken for an hour. */
  previousIdentity: string;
  webhook: string;
  stripe: string;
}

/** What a test drives: the real app over `store`, on a fake clock at T0, with the deliverer it sends webhooks through. */
export interface Running {
  app: App;
  store: Store;
  deliverer: Deliverer;
  environmentId: string;
  key: string;
  secretKey: string;
}

/** The real app over `store` (as a restart builds it), for the environment with these keys. */
export function appOver(store: Store, environment: { environmentId: string; key: string; secretKey: string }): Running {
  const time = fakeTime();
  // The receiver listens on 127.0.0.1, which only the development switch lets webhooks reach.
  const destinations: DestinationPolicy = { allowPrivate: true, resolve: fakeDns() };
  const deliverer = createDeliverer({ store, clock: time.clock, timer: time.timer, random: () => 0.5, timeoutMs: 2000, destinations });
  return { app: createApp({ store, clock: time.clock, deliverer, webhooks: destinations }), store, deliverer, ...environment };
}

/** An environment with the trial rules published, ready for `setSecrets`. */
export async function newEnvironment(store: Store): Promise<{ environmentId: string; key: string; secretKey: string }> {
  const { environment, secretKey } = await store.createEnvironment({ name: 'Secrets', allowedOrigins: [APP_ORIGIN] });
  await publish(store, environment.id, trialContent);
  return { environmentId: environment.id, key: environment.publishableKey, secretKey };
}

const call = (r: Running, method: string, path: string, body?: unknown) =>
  r.app.request(path, {
    method,
    headers: { Authorization: `Bearer ${r.secretKey}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** Sets every secret through the API as an operator would: identity on and rotated with an overlap, a webhook endpoint, a Stripe secret. */
export async function setSecrets(r: Running, webhookUrl: string): Promise<Secrets> {
  const first = IdentitySettingsView.parse(await (await call(r, 'PUT', '/v1/identity', { required: true })).json());
  const rotated = IdentitySettingsView.parse(await (await call(r, 'POST', '/v1/identity/rotate', { previousValidSeconds: 3600 })).json());
  const hook = await call(r, 'PUT', '/v1/webhooks', { url: webhookUrl, events: ['trial.started'] });
  expect(hook.status).toBe(201);
  const stripe = newStripeSecret();
  expect((await call(r, 'PUT', '/v1/webhooks/stripe/secret', { secret: stripe })).status).toBe(201);
  return { identity: rotated.secret!, previousIdentity: first.secret!, webhook: WebhookEndpointWithSecret.parse(await hook.json()).secret, stripe };
}

const token = (secret: string, account: string) => signIdentityToken({ sub: 'u1', account, iat: T0 / 1000, exp: T0 / 1000 + 600 }, secret);

const widgetPost = (r: Running, path: string, body: unknown, bearer: string) =>
  r.app.request(`https://api.upshift.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': r.key, Origin: APP_ORIGIN, Authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });

const stripeEvent = (r: Running, path: string, secret: string) => {
  const body = JSON.stringify({ id: `evt_${randomUUID()}`, type: 'invoice.paid', created: T0 / 1000, data: { object: {} } });
  return r.app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripeSignature(secret, body, T0 / 1000) }, body });
};

/**
 * Proves the app uses each secret as before: it verifies identity tokens signed with the current
 * and the previous secret (and refuses others), signs the trial webhook the receiver gets so the
 * webhook secret verifies it, and takes Stripe events signed with the Stripe secret on both paths.
 */
export async function expectSecretsWork(r: Running, secrets: Secrets, receiver: Receiver): Promise<void> {
  const account = `acct-${randomUUID()}`;
  const event = { events: [{ id: randomUUID(), type: 'track', name: 'signed_in', at: new Date(T0).toISOString(), userId: 'u1', accountId: account }] };
  expect((await widgetPost(r, '/v1/events', event, token(secrets.identity, account))).status).toBe(200);
  expect((await widgetPost(r, '/v1/events', event, token(secrets.previousIdentity, account))).status).toBe(200);
  await expectApiError(await widgetPost(r, '/v1/events', event, token('idsec_forged', account)), 401, 'identity_invalid');

  const before = receiver.received.length;
  const trial = { userId: 'u1', accountId: account, ruleId: 'try-reports', feature: 'scheduled_reports' };
  expect((await widgetPost(r, '/v1/trials', trial, token(secrets.identity, account))).status).toBe(201);
  await r.deliverer.idle();
  expect(receiver.received).toHaveLength(before + 1);
  const hook = receiver.received.at(-1)!;
  expect(verifyStandardWebhook(secrets.webhook, hook.headers, hook.body)).toBe(true);

  for (const path of [`/v1/webhooks/stripe/${r.environmentId}`, '/v1/webhooks/stripe']) {
    const res = await stripeEvent(r, path, secrets.stripe);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, ignored: 'event type' });
    await expectApiError(await stripeEvent(r, path, 'whsec_notTheSecret0123456789'), 400, 'invalid_signature');
  }
}

/** The database, its WAL and the WAL's index as they are on disk, byte for byte (empty when absent). */
export function rawFiles(file: string): { name: string; bytes: Buffer }[] {
  return [file, `${file}-wal`, `${file}-shm`].map((name) => ({ name, bytes: existsSync(name) ? readFileSync(name) : Buffer.alloc(0) }));
}

/** Names each file in which any of `needles` occurs (as UTF-8), with the needle; empty when none does. */
export function occurrences(file: string, needles: readonly string[]): string[] {
  return rawFiles(file).flatMap(({ name, bytes }) => needles.filter((n) => bytes.includes(Buffer.from(n, 'utf8'))).map((n) => `${n} in ${name}`));
}

/** The secrets and their key material without the prefix: what must not be in the files. */
export const secretBytes = (s: Secrets): string[] => [s.identity, s.previousIdentity, s.webhook, s.stripe].flatMap((v) => [v, v.replace(/^(idsec|whsec)_/, '')]);

/** `0o600` as `'600'`, or 'absent'. */
export const modeOf = (path: string): string => (existsSync(path) ? (statSync(path).mode & 0o777).toString(8) : 'absent');
