import { createHmac } from 'node:crypto';
import type { ConversionResult, ConversionView } from '../../shared/schemas/conversion';
import { postEvents } from '../helpers/http';
import { withReadonlyDb, type TestApp } from '../helpers/test-app';

/** 2026-11-22 12:00 UTC. */
export const T0 = Date.UTC(2026, 10, 22, 12);
export const DAY = 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString();

/** A request with the secret key, JSON body when given. */
export const secretCall = (t: TestApp, method: string, path: string, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { Authorization: `Bearer ${t.secretKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

export const postConversion = (t: TestApp, body: unknown) => secretCall(t, 'POST', '/v1/conversions', body);

export async function listConversions(t: TestApp, query = ''): Promise<ConversionView[]> {
  const res = await secretCall(t, 'GET', `/v1/conversions${query}`);
  if (res.status !== 200) throw new Error(`GET /v1/conversions answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { conversions: ConversionView[] }).conversions;
}

export const conversionOf = async (res: Response): Promise<ConversionResult> => (await res.json()) as ConversionResult;

/** Rows in the conversions table, read through a second connection. */
export const storedConversions = (t: TestApp): number =>
  withReadonlyDb(t.file, (db) => (db.prepare('SELECT COUNT(*) AS n FROM conversions').get() as { n: number }).n);

/** Sends prompt events as the widget does: POST /v1/events with the publishable key. */
export async function sendPromptEvent(t: TestApp, type: 'click' | 'impression' | 'dismiss', at: number, extra: Record<string, unknown> = {}): Promise<void> {
  const event = {
    id: crypto.randomUUID(),
    type,
    at: iso(at),
    userId: 'u1',
    accountId: 'acct-1',
    ruleId: 'api-usage-ladder',
    tier: 'p85',
    surface: 'banner',
    variant: 'b',
    ...extra,
  };
  const res = await postEvents(t.app, t.key, { events: [event] });
  if (res.status !== 200) throw new Error(`POST /v1/events answered ${res.status}: ${await res.text()}`);
}

/** A `Stripe-Signature` header exactly as Stripe builds it: `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` keyed by the whole secret. */
export function stripeSignature(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
