import { randomUUID } from 'node:crypto';

// Analytics data for the console's tests, sent the way real clients send it: the widget's state reads
// and events with the publishable key (POST /v1/state, /v1/events) and the host's conversions with
// the secret key (POST /v1/conversions). Tests then compare what the console shows with what the API answers.

/** Sends one request as its client would (the widget's from an allowed origin); `key` says which key goes with it. */
export type Send = (path: string, body: unknown, key: 'publishable' | 'secret') => Promise<Response> | Response;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The demo's usage ladder (published as version 1 in every test environment). */
export const SEED_RULE = 'api-usage-ladder';
export const SEED_ACCOUNTS = 24;
const ARMS = ['a', 'b', 'holdout'] as const;
const REASONS = ['budget', 'timing', 'fit', 'other'] as const;

async function ok(res: Promise<Response> | Response, what: string): Promise<void> {
  const r = await res;
  if (!r.ok) throw new Error(`${what}: ${r.status} ${await r.text()}`);
}

/**
 * 24 accounts, each paying from 60 days ago (a "new" conversion) and read once by the widget with
 * its usage (readiness); exposed to the usage ladder over the last ten days, a third in each of variants a and
 * b and the holdout; the shown ones see an impression, half of them click, every third declines with
 * a note, and every fourth (holdout included) upgrades two hours after its exposure. Two accounts
 * churn five days ago.
 */
export async function seedAnalytics(send: Send, now = Date.now()): Promise<void> {
  const events: Record<string, unknown>[] = [];
  const conversions: Record<string, unknown>[] = [];
  for (let i = 0; i < SEED_ACCOUNTS; i++) {
    const accountId = `acct-${String(i + 1).padStart(2, '0')}`;
    const arm = ARMS[i % 3]!;
    const at = now - ((i % 10) + 1) * DAY;
    const common = { userId: `user-${i + 1}`, accountId, ruleId: SEED_RULE, surface: 'banner', tier: 'p85' };
    const event = (type: string, offset: number, extra: Record<string, unknown> = {}) => ({ id: randomUUID(), type, at: new Date(at + offset).toISOString(), ...common, ...extra });
    events.push(event('exposure', 0, { variant: arm, trigger: 'usage', configVersion: 1, locale: i % 2 ? 'de' : 'en' }));
    if (arm !== 'holdout') {
      events.push(event('impression', 60_000, { variant: arm, configVersion: 1 }));
      if (i % 2 === 0) events.push(event('click', 120_000, { variant: arm, configVersion: 1 }));
      if (i % 3 === 1) events.push(event('decline', 180_000, { variant: arm, configVersion: 1, reason: REASONS[i % 4]!, note: `Note from ${accountId}` }));
    }
    conversions.push({ account: accountId, type: 'new', mrrDelta: 2900, currency: 'USD', plan: 'starter', at: new Date(now - 60 * DAY).toISOString(), idempotencyKey: `seed-new-${accountId}` });
    if (i === 5 || i === 11) conversions.push({ account: accountId, type: 'churn', mrrDelta: -2900, currency: 'USD', at: new Date(now - 5 * DAY).toISOString(), idempotencyKey: `seed-churn-${accountId}` });
    if (i % 4 === 0) {
      conversions.push({ account: accountId, type: 'upgrade', mrrDelta: 4900 + i * 100, currency: 'USD', plan: 'pro', at: new Date(at + 2 * HOUR).toISOString(), idempotencyKey: `seed-${accountId}` });
    }
  }
  for (let i = 0; i < SEED_ACCOUNTS; i++) {
    const state = { user: `user-${i + 1}`, account: `acct-${String(i + 1).padStart(2, '0')}`, plan: 'starter', role: i % 2 ? 'member' : 'owner', usage: { api_calls: 400 * i, seats: 1 + (i % 5) }, traits: { headcountGrowth: i } };
    await ok(send('/v1/state', state, 'publishable'), 'POST /v1/state');
  }
  for (let k = 0; k < events.length; k += 100) await ok(send('/v1/events', { events: events.slice(k, k + 100) }, 'publishable'), 'POST /v1/events');
  for (const c of conversions) await ok(send('/v1/conversions', c, 'secret'), 'POST /v1/conversions');
}
