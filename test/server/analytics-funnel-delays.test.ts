import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { timesToConversion } from '../../server/services/analytics/funnel-delays';
import { revenueRollup } from '../../server/services/analytics/revenue-rollup';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import { seeded } from '../helpers/random';
import { tempDir } from '../helpers/test-app';
import { conversion, DAY, dayOf, exposure, HOUR, T0, WINDOW } from './exposure-helpers';

// Time to conversion from the store's counts and middle ranks, against the plain definition:
// every converted account's delay, sorted, its median and its count per bucket.

let store: Store;
let env: string;
let tmp: ReturnType<typeof tempDir>;
const RECEIVED = T0 + 400 * DAY;

beforeEach(async () => {
  tmp = tempDir();
  store = openSqliteStore(`${tmp.dir}/upshift.db`);
  env = (await store.createEnvironment({ name: 'Test', allowedOrigins: [] })).environment.id;
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

/** The bounds the API documents, written out here rather than imported. */
const BOUNDS = [1, 24, 72, 168, 336, 720];

function plain(hours: number[]) {
  const sorted = [...hours].sort((a, b) => a - b);
  const n = sorted.length;
  const medianHours = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const counts = BOUNDS.map(() => 0).concat(0);
  for (const h of sorted) {
    let i = 0;
    while (i < BOUNDS.length && h >= BOUNDS[i]!) i++;
    counts[i]! += 1;
  }
  return { medianHours, buckets: counts.map((count, i) => ({ upToHours: BOUNDS[i] ?? null, count })) };
}

interface Account {
  ruleId: string;
  exposedAt: number;
  hours: number;
}

/** r1 has one converted account, r2 two (an even count), r3 many; delays fall on bounds, tie, or are any fraction of an hour. */
function generate(random: () => number): Account[] {
  const sizes: Record<string, number> = { r1: 1, r2: 2, r3: 40 + Math.floor(random() * 41) };
  const delay = (): number => {
    const r = random();
    if (r < 0.2) return BOUNDS[Math.floor(random() * BOUNDS.length)]!;
    if (r < 0.35) return 48;
    return Math.floor(random() * 2000 * HOUR) / HOUR;
  };
  return Object.entries(sizes).flatMap(([ruleId, n]) =>
    Array.from({ length: n }, () => ({ ruleId, exposedAt: T0 + Math.floor(random() * 20 * DAY), hours: delay() })),
  );
}

describe('time to conversion from counts', () => {
  it.each([1, 2, 3, 4])('equals the median and buckets of every account, seed %i', async (seed) => {
    const accounts = generate(seeded(seed));
    for (const [i, a] of accounts.entries()) {
      const accountId = `acct-${i}`;
      await store.insertEvents(env, [exposure({ at: a.exposedAt, accountId, ruleId: a.ruleId })], RECEIVED);
      await store.recordConversion(env, conversion(accountId, 'upgrade', 1000, a.exposedAt + Math.round(a.hours * HOUR)), WINDOW, RECEIVED, revenueRollup);
      // Not converted: an exposure alone, and a downgrade that is no expansion.
      await store.insertEvents(env, [exposure({ at: a.exposedAt, accountId: `idle-${i}`, ruleId: a.ruleId })], RECEIVED);
      await store.recordConversion(env, conversion(`idle-${i}`, 'downgrade', 500, a.exposedAt + HOUR), WINDOW, RECEIVED, revenueRollup);
    }
    const ranges = [
      { from: dayOf(T0), to: dayOf(T0 + 30 * DAY) },
      { from: dayOf(T0 + 5 * DAY), to: dayOf(T0 + 12 * DAY) },
      { from: dayOf(T0 + 5 * DAY), to: dayOf(T0 + 12 * DAY), ruleId: 'r3' },
    ];
    for (const q of ranges) {
      const want = new Map<string, ReturnType<typeof plain>>();
      for (const ruleId of ['r1', 'r2', 'r3']) {
        const hours = accounts.filter((a) => a.ruleId === ruleId && dayOf(a.exposedAt) >= q.from && dayOf(a.exposedAt) <= q.to && (!q.ruleId || q.ruleId === ruleId)).map((a) => a.hours);
        if (hours.length > 0) want.set(ruleId, plain(hours));
      }
      expect(want.has('r3')).toBe(true);
      const got = await timesToConversion(store, env, q);
      expect(new Set(got.keys())).toEqual(new Set(want.keys()));
      for (const [ruleId, w] of want) {
        expect(got.get(ruleId)!.buckets).toEqual(w.buckets);
        expect(got.get(ruleId)!.medianHours).toBeCloseTo(w.medianHours, 9);
      }
    }
  });
});
