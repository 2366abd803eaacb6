import type { Event } from '../../shared/schemas/event';
import type { NewConversion } from '../../server/store/conversion-types';
import type { ConversionType } from '../../shared/schemas/conversion';

// Generated writes for the agreement test: every kind of row the analytics reads sum, with the
// edges that tell two SQL dialects apart (month ends, clamped times, null variants, mixed-case ids,
// "_" in values, several currencies and plans).

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** 2026-10-20: the generated days cross two month ends. */
export const START = Date.UTC(2026, 9, 20);
export const DAYS = 45;
/** When the batches arrive: a few events claim a later time and are clamped to it. */
export const RECEIVED = START + (DAYS - 3) * DAY;

export type Step = { kind: 'events'; events: Event[] } | { kind: 'conversion'; c: NewConversion } | { kind: 'trait'; accountId: string; value: string };

export function generate(random: () => number, n = 700): Step[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const maybe = <T>(x: T, p = 0.5): T | undefined => (random() < p ? x : undefined);
  const iso = (ms: number) => new Date(ms).toISOString();
  const steps: Step[] = [];
  let key = 0;
  for (let i = 0; i < n; i++) {
    const accountId = pick(['acct-1', 'acct-2', 'Acct-3', 'acct_4', 'acct-5', 'b-6', 'b-7', 'B-8', 'c-9', 'c-10']);
    const userId = `${accountId}-u${Math.floor(random() * 3)}`;
    const at = START + Math.floor(random() * DAYS * DAY);
    const ruleId = pick(['r1', 'r2', 'r_3']);
    const roll = random();
    if (roll < 0.08) {
      const type = pick<ConversionType>(['upgrade', 'addon', 'seats', 'downgrade', 'churn', 'new']);
      const amount = 100 * (1 + Math.floor(random() * 50));
      steps.push({
        kind: 'conversion',
        c: { idempotencyKey: `k${++key}`, source: 'api', accountId, type, mrrDelta: type === 'downgrade' || type === 'churn' ? -amount : amount, currency: pick(['USD', 'USD', 'EUR']), plan: maybe(pick(['pro', 'team', 'Pro'])) ?? null, at },
      });
      continue;
    }
    if (roll < 0.1) {
      steps.push({ kind: 'trait', accountId, value: pick(['smb', 'mid', 'ent', '']) });
      continue;
    }
    const events: Event[] = [];
    for (let j = 0; j < 1 + Math.floor(random() * 4); j++) {
      const base = { id: crypto.randomUUID(), at: iso(at + j * HOUR), userId, accountId };
      const prompt = { ruleId, surface: pick(['banner', 'modal', 'in_line']), ...(random() < 0.7 && { variant: pick(['a', 'b', 'holdout']) }), ...(random() < 0.5 && { tier: pick(['t1', 't2']) }), ...(random() < 0.4 && { locale: pick(['en', 'de-DE']) }) };
      const kind = random();
      if (kind < 0.3) events.push({ ...base, type: 'exposure', ...prompt, surface: pick(['banner', 'modal'] as const), trigger: pick(['usage', 'feature'] as const), configVersion: 1 });
      else if (kind < 0.55) events.push({ ...base, type: 'impression', ...prompt });
      else if (kind < 0.75) events.push({ ...base, type: 'click', ...prompt, ...(random() < 0.4 && { props: { action: 'checkout' } }) });
      else if (kind < 0.88) {
        const reason = pick(['budget', 'timing', 'fit', 'other'] as const);
        events.push({ ...base, type: 'decline', ...prompt, reason, ...((reason === 'other' || random() < 0.3) && { note: `note ${i}-${j}` }) });
      } else events.push({ ...base, type: 'track', name: pick(['pricing_viewed', 'upshift:gate:sso']) });
    }
    steps.push({ kind: 'events', events });
  }
  return steps;
}
