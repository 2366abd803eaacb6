import { MIN_RETENTION_MS, rollUpOldEvents } from '../../server/services/retention';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DeclinesAnswer } from '../../shared/schemas/analytics';
import { addPerson, signedIn } from '../helpers/admin-client';
import type { RawEvent } from '../helpers/events';
import { expectApiError } from '../helpers/http';
import { seeded } from '../helpers/random';
import { analyticsApp, DAY, dayOf, iso, NOW, type AnalyticsApp } from './analytics-helpers';

let t: AnalyticsApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

const REASONS = ['budget', 'timing', 'fit', 'other'] as const;
const RULES = ['api-usage-ladder', 'try-reports-ab', 'try-alerts'] as const;

/**
 * Declines over the 45 days to `NOW` from a seeded PRNG, each at its own millisecond (so "newest
 * first" has one answer), a tenth at the edges of a UTC day; `try-alerts` gets far more than 100 notes.
 */
function generateDeclines(seed: number, n: number): RawEvent[] {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const ruleId = i % 2 === 0 ? 'try-alerts' : pick(RULES);
    const dayStart = Math.floor(NOW / DAY) * DAY - Math.floor(random() * 45) * DAY;
    const edge = random();
    const at = Math.min(edge < 0.05 ? dayStart + i : edge < 0.1 ? dayStart + DAY - 1 - i : dayStart + Math.floor(random() * 80_000) * 1000 + i, NOW - i);
    const reason = pick(REASONS);
    const note = reason === 'other' || random() < 0.5 ? `note ${i}` : undefined;
    const variant = ruleId === 'try-reports-ab' ? pick(['short', 'long']) : undefined;
    const tier = ruleId === 'api-usage-ladder' ? pick(['p70', 'p85']) : undefined;
    return {
      id: randomUUID(),
      at: iso(at),
      userId: `u${i % 7}`,
      accountId: `acct-${i % 9}`,
      type: 'decline',
      ruleId,
      surface: ruleId === 'api-usage-ladder' ? 'banner' : 'panel',
      reason,
      ...(note && { note }),
      ...(variant && { variant }),
      ...(tier && { tier }),
    };
  });
}

/** What the declines answer must be for a range, by plain loops over the sent declines. */
function expected(declines: readonly RawEvent[], from: string, to: string, rule?: string): DeclinesAnswer {
  const inRange = declines.filter((d) => {
    const day = String(d['at']).slice(0, 10);
    return day >= from && day <= to && (rule === undefined || d['ruleId'] === rule);
  });
  const ids = [...new Set(inRange.map((d) => String(d['ruleId'])))].sort();
  return {
    from,
    to,
    rules: ids.map((ruleId) => {
      const mine = inRange.filter((d) => d['ruleId'] === ruleId);
      const reasons = { budget: 0, timing: 0, fit: 0, other: 0 };
      for (const d of mine) reasons[d['reason'] as keyof typeof reasons] += 1;
      const notes = mine
        .filter((d) => d['note'] !== undefined)
        .sort((a, b) => Date.parse(String(b['at'])) - Date.parse(String(a['at'])))
        .slice(0, 100)
        .map((d) => ({
          at: String(d['at']),
          reason: d['reason'] as (typeof REASONS)[number],
          note: String(d['note']),
          accountId: String(d['accountId']),
          tier: (d['tier'] as string | undefined) ?? null,
          variant: (d['variant'] as string | undefined) ?? null,
        }));
      return { ruleId, total: mine.length, reasons, notes };
    }),
  };
}

const declinesOf = async (app: AnalyticsApp, q: string) => DeclinesAnswer.parse(await app.ok(`/v1/analytics/declines?${q}`));

describe('GET /v1/analytics/declines', () => {
  it('counts declines per rule and reason and lists the newest 100 notes, as plain loops over the sent declines do', async () => {
    t = await analyticsApp();
    const declines = generateDeclines(7, 700);
    await t.send(declines);
    await t.send(declines.slice(0, 120)); // a retry: duplicates count once
    const all = [dayOf(NOW - 44 * DAY), dayOf(NOW)] as const;
    const answer = await declinesOf(t, `from=${all[0]}&to=${all[1]}`);
    expect(answer).toEqual(expected(declines, ...all));
    expect(answer.rules.find((r) => r.ruleId === 'try-alerts')?.notes).toHaveLength(100);
    for (const [from, to, rule] of [
      [dayOf(NOW - 10 * DAY), dayOf(NOW - 3 * DAY), undefined],
      [dayOf(NOW - 3 * DAY), dayOf(NOW - 3 * DAY), undefined],
      [all[0], all[1], 'try-reports-ab'],
    ] as const) {
      expect(await declinesOf(t, `from=${from}&to=${to}${rule ? `&rule=${rule}` : ''}`), `${from}..${to}`).toEqual(expected(declines, from, to, rule));
    }
    // Without a range: the 30 days to today.
    expect(await declinesOf(t, '')).toEqual(expected(declines, dayOf(NOW - 29 * DAY), dayOf(NOW)));
  });

  it('answers the same after the other events are rolled up', async () => {
    t = await analyticsApp();
    const declines = generateDeclines(8, 150);
    await t.send(declines);
    const before = await declinesOf(t, `from=${dayOf(NOW - 44 * DAY)}`);
    await rollUpOldEvents(t.store, t.environment.id, NOW + 1, NOW + 1 + MIN_RETENTION_MS);
    expect(await declinesOf(t, `from=${dayOf(NOW - 44 * DAY)}`)).toEqual(before);
    expect(before.rules.length).toBe(3);
  });

  it('takes a secret key or a viewer’s session; refuses a publishable key and bad parameters at their path', async () => {
    t = await analyticsApp();
    await expectApiError(await t.app.request('/v1/analytics/declines', { headers: { Authorization: `Bearer ${t.key}` } }), 401, 'wrong_key_type');
    await expectApiError(await t.app.request('/v1/analytics/declines'), 401, 'missing_key');
    await addPerson(t.store, 'viewer@acme.test', 'viewer');
    const viewer = await signedIn(t.app, 'viewer@acme.test');
    const res = await viewer.get(`/v1/admin/environments/${t.environment.id}/analytics/declines`);
    expect(res.status).toBe(200);
    expect(DeclinesAnswer.parse(await res.json()).rules).toEqual([]);
    for (const [q, path] of [['rule=a%20b', 'rule'], ['from=2026-03-02&to=2026-03-01', 'from'], ['to=2026-3-1', 'to']] as const) {
      const error = await expectApiError(await t.get(`/v1/analytics/declines?${q}`), 400, 'invalid_request');
      expect(error.details, q).toMatchObject({ issues: [{ path }] });
    }
  });
});
