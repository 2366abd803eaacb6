import { describe, expect, it } from 'vitest';
import { MIN_RETENTION_DAYS, parseRetentionDays, retentionCutoff, rollUpOldEvents } from '../../server/services/retention';
import { Event } from '../../shared/schemas/event';
import { track } from '../helpers/events';
import { openTempStore } from '../helpers/stores';
import { newEnvironmentId } from '../helpers/store-pair';

// What the retention service decides, whatever the store; what the store does with the cut-offs is
// in test/contract/retention.test.ts, on both stores.

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 6, 1);

describe('event retention rules', () => {
  it('refuses to delete events younger than 90 days, the longest look-back of triggers and attribution', async () => {
    expect(MIN_RETENTION_DAYS).toBe(90);
    const { store, remove } = await openTempStore('sqlite');
    try {
      const env = await newEnvironmentId(store);
      const arrived = NOW - 89.5 * DAY;
      await store.insertEvents(env, [Event.parse(track({ at: new Date(arrived).toISOString() }))], arrived);
      await expect(rollUpOldEvents(store, null, retentionCutoff(NOW, 89), NOW)).rejects.toThrow(RangeError);
      const day = new Date(arrived).toISOString().slice(0, 10);
      expect(await store.eventCounts(env, day, day)).toMatchObject([{ type: 'track', count: 1 }]);
      expect(await rollUpOldEvents(store, null, retentionCutoff(NOW, 90), NOW)).toBe(0);
    } finally {
      await remove();
    }
  });

  it.each([
    [undefined, { days: 90 }],
    ['', { days: 90 }],
    ['90', { days: 90 }],
    ['365', { days: 365 }],
    ['89', { days: 90, warning: expect.stringContaining('under the minimum of 90 days') }],
    ['7', { days: 90, warning: expect.stringContaining('under the minimum of 90 days') }],
    ['0', { error: expect.stringContaining('at least 90') }],
    ['-5', { error: expect.stringContaining('whole number') }],
    ['30.5', { error: expect.stringContaining('whole number') }],
    ['ninety', { error: expect.stringContaining('whole number') }],
  ])('reads UPSHIFT_RETENTION_DAYS=%j as %j', (raw, expected) => {
    expect(parseRetentionDays(raw)).toEqual(expected);
  });
});
