import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExposureEvent } from '../../shared/schemas/event';
import type { CohortRow } from '../../server/store/exposure-types';
import { openSqliteStore } from '../../server/store/sqlite';
import { revenueRollup } from '../../server/analytics/revenue-rollup';
import type { Store } from '../../server/store/types';
import { tempDir } from '../helpers/test-app';
import { DAY, dayOf, exposure, HOUR, T0, WINDOW } from './exposure-helpers';

let store: Store;
let env: string;
let tmp: ReturnType<typeof tempDir>;
/** Later than every event: no event time is clamped. */
const RECEIVED = T0 + 60 * DAY;

beforeEach(async () => {
  tmp = tempDir();
  store = openSqliteStore(`${tmp.dir}/upshift.db`);
  env = (await store.createEnvironment({ name: 'Test', allowedOrigins: [] })).environment.id;
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

const expose = (e: ExposureEvent) => store.insertEvents(env, [e], RECEIVED);
const ALL = { from: dayOf(T0 - 30 * DAY), to: dayOf(T0 + 30 * DAY) };
const arm = (over: Partial<CohortRow>): CohortRow => ({ ruleId: 'r1', variant: '', trigger: 'usage', accounts: 1, converted: 0, expansionMrr: 0, mrrSumSquares: 0, currencies: [], ...over });

// The rest of the cohort cases run on both stores: test/contract/exposure-cohorts.test.ts. A Stripe
// subscription change is h-money's write; it moves there with recordSubscriptionChange on PostgreSQL.
describe('exposure cohorts, Stripe', () => {
  it('counts a Stripe upgrade like an API one', async () => {
    await expose(exposure({ at: T0 }));
    const change = { eventId: 'evt_1', subscriptionId: 'sub_1', accountId: 'acct-1', mrr: 4900, before: 2900, deleted: false, currency: 'USD', plan: null, at: T0 + 3 * HOUR };
    await store.recordSubscriptionChange(env, change, WINDOW, RECEIVED, revenueRollup);
    expect(await store.exposureCohorts(env, ALL)).toEqual([arm({ converted: 1, expansionMrr: 2000, mrrSumSquares: 4_000_000, currencies: ['USD'] })]);
  });
});
