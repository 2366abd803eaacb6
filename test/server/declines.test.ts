import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrate, openSqliteStore } from '../../server/store/sqlite';
import { migrations } from '../../server/store/migrations/index';
import { Event, MAX_NOTE_CHARS } from '../../shared/schemas/event';
import { State } from '../../shared/schemas/state';
import { dismiss, impression, type RawEvent } from '../helpers/events';
import { expectApiError, postEvents } from '../helpers/http';
import { countAllEvents, createTestApp, tempDir, withReadonlyDb, type TestApp } from '../helpers/test-app';

const NOW = Date.UTC(2026, 10, 22, 12);
const DAY = 86_400_000;
const HOUR = 3_600_000;
let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ clock: () => NOW });
});
afterEach(async () => {
  await t.cleanup();
});

const iso = (ms: number) => new Date(ms).toISOString();
const Issues = z.object({ issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })) });

/** A decline as the widget sends it: the prompt's fields plus why. */
const decline = (overrides: RawEvent = {}): RawEvent => ({
  ...impression({ at: iso(NOW - HOUR), userId: 'u1', accountId: 'a1' }),
  type: 'decline',
  reason: 'budget',
  ...overrides,
});

const without = (event: RawEvent, field: string): RawEvent => {
  const copy = { ...event };
  delete copy[field];
  return copy;
};

interface Row {
  event_id: string;
  type: string;
  rule_id: string;
  tier: string | null;
  surface: string;
  reason: string | null;
  note: string | null;
  props: string | null;
}
const storedRows = (): Row[] =>
  withReadonlyDb(t.file, (db) => db.prepare('SELECT event_id, type, rule_id, tier, surface, reason, note, props FROM events ORDER BY seq').all() as Row[]);

describe('POST /v1/events with declines', () => {
  it.each([
    ['budget', undefined],
    ['timing', 'Ask again after our Q1 planning'],
    ['fit', undefined],
    ['other', 'We need SSO before anything else'],
  ])('stores a decline for %s once, with its reason and note, however often it is sent', async (reason, note) => {
    const event = decline({ reason, ...(note === undefined ? {} : { note }), props: { plan: 'starter' } });
    const first = await postEvents(t.app, t.key, { events: [event] });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 1, duplicates: 0 });
    const retry = await postEvents(t.app, t.key, { events: [event] });
    expect(await retry.json()).toEqual({ accepted: 0, duplicates: 1 });

    expect(storedRows()).toEqual([
      { event_id: event['id'], type: 'decline', rule_id: 'api-usage-ladder', tier: 'p85', surface: 'banner', reason, note: note ?? null, props: '{"plan":"starter"}' },
    ]);
  });

  it('keeps reason and note empty on every other event type', async () => {
    expect((await postEvents(t.app, t.key, { events: [dismiss(), impression()] })).status).toBe(200);
    expect(storedRows().map((r) => [r.type, r.reason, r.note])).toEqual([
      ['dismiss', null, null],
      ['impression', null, null],
    ]);
  });

  it.each<[string, RawEvent, string]>([
    ['an unknown reason', decline({ reason: 'price' }), 'events.1.reason'],
    ['no reason', without(decline(), 'reason'), 'events.1.reason'],
    ['a reason that is not a string', decline({ reason: 3 }), 'events.1.reason'],
    ['"other" without a note', decline({ reason: 'other' }), 'events.1.note'],
    ['"other" with a blank note', decline({ reason: 'other', note: '   ' }), 'events.1.note'],
    [`a note of ${MAX_NOTE_CHARS + 1} characters`, decline({ reason: 'fit', note: 'n'.repeat(MAX_NOTE_CHARS + 1) }), 'events.1.note'],
    ['a note that is not a string', decline({ reason: 'timing', note: ['later'] }), 'events.1.note'],
    ['no rule', without(decline(), 'ruleId'), 'events.1.ruleId'],
    ['no surface', without(decline(), 'surface'), 'events.1.surface'],
    ['a tier that is not a key', decline({ tier: '<p85>' }), 'events.1.tier'],
  ])('refuses a batch with a decline that has %s: 400 at the exact path, nothing stored', async (_, bad, path) => {
    const error = await expectApiError(await postEvents(t.app, t.key, { events: [impression(), bad] }), 400, 'invalid_request');
    expect(Issues.parse(error.details).issues.map((i) => i.path)).toContain(path);
    expect(countAllEvents(t.file)).toBe(0);
  });

  it(`accepts a note of exactly ${MAX_NOTE_CHARS} characters`, async () => {
    const res = await postEvents(t.app, t.key, { events: [decline({ reason: 'other', note: 'é'.repeat(MAX_NOTE_CHARS) })] });
    expect(res.status).toBe(200);
    expect(storedRows()[0]?.note).toHaveLength(MAX_NOTE_CHARS);
  });
});

describe('a decline in GET /v1/state', () => {
  const stateOf = async (user = 'u1') => {
    const res = await t.app.request(`/v1/state?${new URLSearchParams({ key: t.key, user, account: 'a1' })}`);
    expect(res.status).toBe(200);
    return State.parse(await res.json());
  };

  it('counts as a dismissal: the person’s dismissedAt, and the tier dismissed for the account', async () => {
    const events = [decline({ tier: 'p85', at: iso(NOW - HOUR) }), decline({ ruleId: 'no-tiers', tier: undefined, reason: 'fit', at: iso(NOW - 2 * HOUR) })];
    expect((await postEvents(t.app, t.key, { events })).status).toBe(200);
    const state = await stateOf();
    expect(state.rules['api-usage-ladder']).toEqual({ dismissed: { p85: NOW - HOUR }, dismissedAt: NOW - HOUR });
    expect(state.rules['no-tiers']).toEqual({ dismissedAt: NOW - 2 * HOUR });
    // A colleague: the declined tier holds for the whole account, the cooldown is the person's own.
    expect((await stateOf('u2')).rules['api-usage-ladder']).toEqual({ dismissed: { p85: NOW - HOUR } });
  });

  it.each([
    ['a later decline', { dismissAt: NOW - DAY, declineAt: NOW - HOUR }, NOW - HOUR],
    ['a later dismissal', { dismissAt: NOW - HOUR, declineAt: NOW - DAY }, NOW - HOUR],
  ])('takes the latest of dismissals and declines: %s wins', async (_, { dismissAt, declineAt }, latest) => {
    const events = [dismiss({ userId: 'u1', accountId: 'a1', tier: 'p85', at: iso(dismissAt) }), decline({ tier: 'p85', at: iso(declineAt) })];
    expect((await postEvents(t.app, t.key, { events })).status).toBe(200);
    expect((await stateOf()).rules['api-usage-ladder']).toEqual({ dismissed: { p85: latest }, dismissedAt: latest });
  });

  it('holds the declined tier back when the server decides', async () => {
    const decide = async () => {
      const res = await t.app.request('/v1/decide', {
        method: 'POST',
        headers: { Authorization: `Bearer ${t.secretKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ context: { user: { id: 'u1' }, account: { id: 'a1', plan: 'starter' }, usage: { api_calls: 9800 } } }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { prompt: { tier?: string } | null; reasons: { ruleId: string; code: string }[] };
    };
    expect((await decide()).prompt).toMatchObject({ tier: 'p95' });
    expect((await postEvents(t.app, t.key, { events: [decline({ tier: 'p95', reason: 'timing' })] })).status).toBe(200);
    const held = await decide();
    expect(held.prompt).toBeNull();
    expect(held.reasons.find((r) => r.ruleId === 'api-usage-ladder')?.code).toBe('tier.dismissed');
  });
});

describe('migration to decline reasons', () => {
  it('keeps the events a database stored before, with no reason or note, and stores declines after', async () => {
    const tmp = tempDir('upshift-migrate-');
    const file = join(tmp.dir, 'legacy.db');
    const legacy = new Database(file);
    // The schema as it was just before decline reasons: every earlier migration, none after.
    migrate(legacy, migrations.filter((m) => m.version < 8));
    legacy.prepare("INSERT INTO environments (id, name, publishable_key, secret_key_hash, allowed_origins, created_at) VALUES ('env_old', 'Old', 'pk_oldenvironment1', 'hash', '[]', '2026-01-01')").run();
    legacy
      .prepare("INSERT INTO events (environment_id, event_id, type, user_id, account_id, rule_id, tier, surface, occurred_at, received_at) VALUES ('env_old', 'e1', 'dismiss', 'u1', 'a1', 'r1', 'p85', 'banner', ?, ?)")
      .run(NOW - DAY, NOW - DAY);
    legacy.close();
    const store = openSqliteStore(file);
    try {
      expect((await store.insertEvents('env_old', [Event.parse(decline({ ruleId: 'r1', at: iso(NOW - HOUR) }))], NOW)).accepted).toBe(1);
      const rows = withReadonlyDb(file, (db) => db.prepare('SELECT type, reason, note FROM events ORDER BY seq').all());
      expect(rows).toEqual([
        { type: 'dismiss', reason: null, note: null },
        { type: 'decline', reason: 'budget', note: null },
      ]);
      expect((await store.userHistory('env_old', 'a1', 'u1', 0)).latest).toEqual(
        expect.arrayContaining([
          { ruleId: 'r1', type: 'dismiss', at: NOW - DAY },
          { ruleId: 'r1', type: 'decline', at: NOW - HOUR },
        ]),
      );
    } finally {
      await store.close();
      tmp.remove();
    }
  });
});
