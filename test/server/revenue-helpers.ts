import { expect } from 'vitest';
import { RevenueAnswer, type RevenueMonth } from '../../shared/schemas/analytics';
import type { ConversionType } from '../../shared/schemas/conversion';
import type { TestApp } from '../helpers/test-app';
import { postConversion, secretCall } from './conversion-helpers';

/** Noon UTC on a day of 2026 (`month` 1–12). */
export const day = (month: number, date: number): number => Date.UTC(2026, month - 1, date, 12);

let keys = 0;

/** Reports a revenue change through `POST /v1/conversions`, as a host's backend does. */
export async function convert(t: TestApp, account: string, type: ConversionType, mrrDelta: number, at: number, extra: { plan?: string; currency?: string } = {}) {
  const res = await postConversion(t, { account, type, mrrDelta, currency: extra.currency ?? 'USD', at: new Date(at).toISOString(), idempotencyKey: `k${++keys}`, ...(extra.plan ? { plan: extra.plan } : {}) });
  expect(res.status, await res.clone().text()).toBe(201);
  return res;
}

/** `GET /v1/analytics/revenue` with the secret key, checked against the contract. */
export async function revenue(t: TestApp, query = ''): Promise<RevenueAnswer> {
  const res = await secretCall(t, 'GET', `/v1/analytics/revenue${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return RevenueAnswer.parse(await res.json());
}

/** The all-accounts row of one month. */
export function monthIn(answer: RevenueAnswer, month: string): RevenueMonth {
  const found = answer.months.find((m) => m.month === month);
  if (!found) throw new Error(`no month ${month} in the answer`);
  return found;
}
