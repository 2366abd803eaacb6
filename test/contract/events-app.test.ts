import { afterEach, describe, expect, it } from 'vitest';
import { impression, mixedBatch, track } from '../helpers/events';
import { postEvents } from '../helpers/http';
import { storeKinds } from '../helpers/stores';
import { createTestApp, type TestApp } from '../helpers/test-app';

// POST /v1/events through the real app on each store: what a widget's retries see, and what the
// analytics read back of it.

const T = Date.UTC(2031, 4, 6, 12);
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(storeKinds.map((kind) => [kind] as const))('POST /v1/events on %s', (kind) => {
  let t: TestApp;
  afterEach(async () => {
    await t.cleanup();
  });

  it('accepts a batch once and answers its retries as duplicates, counting it on the day it happened', async () => {
    t = await createTestApp({ storeKind: kind, clock: () => T });
    const batch = [...mixedBatch().map((e) => ({ ...e, at: iso(T - 60_000) })), impression({ at: iso(T + 86_400_000) }), track({ at: iso(T - 86_400_000) })];
    const first = await postEvents(t.app, t.key, { events: batch });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: batch.length, duplicates: 0 });
    const retry = await postEvents(t.app, t.key, { events: batch });
    expect(await retry.json()).toEqual({ accepted: 0, duplicates: batch.length });
    // The impression dated tomorrow by a clock running ahead counts today.
    const today = iso(T).slice(0, 10);
    const counts = await t.store.eventCounts(t.environment.id, today, today);
    expect(counts.find((c) => c.type === 'impression')?.count).toBe(2);
    expect(counts.find((c) => c.type === 'dropped')?.count).toBe(12);
    const yesterday = iso(T - 86_400_000).slice(0, 10);
    expect(await t.store.eventCounts(t.environment.id, yesterday, yesterday)).toEqual([
      { ruleId: null, variant: null, tier: null, surface: null, type: 'track', name: 'report.exported', count: 1 },
    ]);
  });
});
