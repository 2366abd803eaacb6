import type { ConversionType } from '../../shared/schemas/conversion';
import type { ExposureEvent } from '../../shared/schemas/event';
import type { AttributionWindow, NewConversion } from '../../server/store/conversion-types';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** 2026-11-01 00:00 UTC. */
export const T0 = Date.UTC(2026, 10, 1);
export const iso = (ms: number) => new Date(ms).toISOString();
export const dayOf = (ms: number) => iso(ms).slice(0, 10);

/** No touch, no holdout: the cohorts do not read attribution. */
export const WINDOW: AttributionWindow = { since: 0, impressions: true, credit: true, holdout: { global: false, rules: [] } };

/** An exposure event as the widget sends it. */
export const exposure = (over: Partial<Omit<ExposureEvent, 'at'>> & { at: number }): ExposureEvent => {
  const { at, ...rest } = over;
  return {
    id: crypto.randomUUID(),
    type: 'exposure',
    userId: 'u1',
    accountId: 'acct-1',
    ruleId: 'r1',
    surface: 'banner',
    trigger: 'usage',
    configVersion: 1,
    ...rest,
    at: iso(at),
  };
};

let key = 0;
/** A conversion to store; the sign of `mrrDelta` follows the type, as the API requires. */
export const conversion = (accountId: string, type: ConversionType, amount: number, at: number, currency = 'USD'): NewConversion => ({
  idempotencyKey: `k${++key}`,
  source: 'api',
  accountId,
  type,
  mrrDelta: type === 'downgrade' || type === 'churn' ? -amount : amount,
  currency,
  plan: null,
  at,
});
