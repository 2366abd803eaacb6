import { describe, expect, it } from 'vitest';
import { Event } from '../../shared/schemas/event';
import { click, dismiss, dropped, impression, track, type RawEvent } from '../helpers/events';
import { describeStores } from '../helpers/stores';
import { newEnvironmentId, pairOpener } from '../helpers/store-pair';

const T0 = Date.UTC(2026, 4, 10, 12, 0, 0);
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** Events as the route hands them to the store: validated by the shared schema. */
const parsed = (raw: RawEvent[]): Event[] => raw.map((e) => Event.parse(e));
const exposure = (o: RawEvent = {}): RawEvent =>
  impression({ type: 'exposure', trigger: 'usage', configVersion: 3, tier: undefined, ...o });

interface StoredRow {
  event_id: string;
  type: string;
  rule_id: string | null;
  props: string | null;
  reason: string | null;
  note: string | null;
  occurred_at: number;
  received_at: number;
}
const ROWS = 'SELECT event_id, type, rule_id, props, reason, note, occurred_at, received_at FROM events ORDER BY event_id';

describeStores('event ingest', ({ kind }) => {
  const openPair = pairOpener(kind);

  it('stores a batch once: a repeat is all duplicates, an overlap counts only the new ones', async () => {
    const { a } = await openPair();
    const env = await newEnvironmentId(a);
    const batch = parsed([impression(), click(), dismiss(), track(), dropped()]);
    expect(await a.insertEvents(env, batch, T0)).toEqual({ accepted: 5, duplicates: 0 });
    expect(await a.insertEvents(env, batch, T0 + 1)).toEqual({ accepted: 0, duplicates: 5 });
    const more = parsed([track(), track()]);
    expect(await a.insertEvents(env, [...batch.slice(0, 2), ...more], T0 + 2)).toEqual({ accepted: 2, duplicates: 2 });
    // The same ids in another environment are events of their own.
    const other = await newEnvironmentId(a, 'Other');
    expect(await a.insertEvents(other, batch, T0)).toEqual({ accepted: 5, duplicates: 0 });
  });

  it('counts an id sent twice in one batch once, keeping the first copy', async () => {
    const pair = await openPair();
    const env = await newEnvironmentId(pair.a);
    const first = track({ name: 'first', at: iso(T0 - HOUR) });
    const batch = parsed([first, { ...first, name: 'second' }, track()]);
    expect(await pair.a.insertEvents(env, batch, T0)).toEqual({ accepted: 2, duplicates: 1 });
    const rows = await pair.read<{ event_id: string; name: string }>('SELECT event_id, name FROM events');
    expect(rows.find((r) => r.event_id === first['id'])?.name).toBe('first');
  });

  it("dates an event by the client's clock, but never later than it arrived", async () => {
    const pair = await openPair();
    const env = await newEnvironmentId(pair.a);
    const past = track({ at: iso(T0 - 5 * HOUR) });
    const ahead = track({ at: iso(T0 + 3 * HOUR) });
    // An offset other than Z is the same instant.
    const offset = track({ at: '2026-05-10T13:30:00+02:00' });
    await pair.a.insertEvents(env, parsed([past, ahead, offset]), T0);
    // Read behind the store's back, PostgreSQL's bigint comes as text.
    const at = new Map((await pair.read<StoredRow>(ROWS)).map((r) => [r.event_id, [Number(r.occurred_at), Number(r.received_at)]]));
    expect(at.get(String(past['id']))).toEqual([T0 - 5 * HOUR, T0]);
    expect(at.get(String(ahead['id']))).toEqual([T0, T0]);
    expect(at.get(String(offset['id']))).toEqual([T0 - 30 * 60_000, T0]);
  });

  it('keeps one exposure per person, rule and UTC day of its stored time; a repeat is a duplicate', async () => {
    const { a } = await openPair();
    const env = await newEnvironmentId(a);
    const day = Date.UTC(2026, 4, 10);
    const morning = exposure({ at: iso(day + HOUR) });
    expect(await a.insertEvents(env, parsed([morning, exposure({ at: iso(day + 20 * HOUR), variant: 'b' })]), day + 23 * HOUR)).toEqual({ accepted: 1, duplicates: 1 });
    const later = parsed([
      exposure({ at: iso(day + 2 * HOUR) }), // same day, later batch
      exposure({ at: iso(day + 25 * HOUR) }), // the next UTC day
      exposure({ at: iso(day + 3 * HOUR), userId: 'user-2' }), // another person
      exposure({ at: iso(day + 3 * HOUR), ruleId: 'seats-toast' }), // another rule
      exposure({ at: iso(day + 3 * HOUR), accountId: 'acct-2' }), // another account
      impression({ at: iso(day + 4 * HOUR) }), // not an exposure
    ]);
    expect(await a.insertEvents(env, later, day + 26 * HOUR)).toEqual({ accepted: 5, duplicates: 1 });
    // Dated tomorrow by a clock running ahead, it is stored today: a duplicate of today's.
    expect(await a.insertEvents(env, parsed([exposure({ at: iso(day + 30 * HOUR), userId: 'user-2' })]), day + 10 * HOUR)).toEqual({ accepted: 0, duplicates: 1 });
  });

  it('stores props, an exposure trigger and locale, a drop count and a decline reason as sent', async () => {
    const pair = await openPair();
    const env = await newEnvironmentId(pair.a);
    const props = { format: 'pdf', pages: 3, ratio: 0.25, scheduled: false, folder: null, 'ünï': 'cödé ✓' };
    const sent = {
      tracked: track({ props }),
      bare: track({ props: undefined }),
      exposed: exposure({ props: { plan: 'pro' }, locale: 'de-DE', trigger: 'event' }),
      drop: dropped({ count: 7 }),
      declined: dismiss({ type: 'decline', reason: 'other', note: 'Too "pricey" for us' }),
    };
    await pair.a.insertEvents(env, parsed(Object.values(sent)), T0);
    const byId = new Map((await pair.read<StoredRow>(ROWS)).map((r) => [r.event_id, r]));
    const row = (e: RawEvent) => byId.get(String(e['id']))!;
    expect(JSON.parse(row(sent.tracked).props!)).toEqual(props);
    expect(row(sent.bare).props).toBeNull();
    expect(JSON.parse(row(sent.exposed).props!)).toEqual({ plan: 'pro', trigger: 'event', locale: 'de-DE' });
    expect(JSON.parse(row(sent.drop).props!)).toEqual({ count: 7 });
    expect(row(sent.declined)).toMatchObject({ type: 'decline', rule_id: 'api-usage-ladder', reason: 'other', note: 'Too "pricey" for us' });
    expect(row(sent.tracked)).toMatchObject({ rule_id: null, reason: null, note: null });
  });

  it('stores a note holding U+0000, which PostgreSQL keeps as U+FFFD, rather than refusing the batch', async () => {
    const pair = await openPair();
    const env = await newEnvironmentId(pair.a);
    const declined = dismiss({ type: 'decline', reason: 'other', note: 'a\u0000b' });
    expect(await pair.a.insertEvents(env, parsed([declined, track()]), T0)).toEqual({ accepted: 2, duplicates: 0 });
    const [row] = await pair.read<StoredRow>("SELECT event_id, type, rule_id, props, reason, note, occurred_at, received_at FROM events WHERE type = 'decline'");
    expect(row?.note).toBe(kind === 'postgres' ? 'a\uFFFDb' : 'a\u0000b');
  });

  it('stores events sent at once through two stores over one database exactly once', async () => {
    const { a, b, read } = await openPair();
    const env = await newEnvironmentId(a);
    const batch = parsed(Array.from({ length: 40 }, (_, i) => (i % 2 ? impression() : track())));
    // Retries of the whole batch and of overlapping halves, in the order sent, from both "nodes" at once.
    const sends = [batch, batch.slice(0, 25), batch.slice(15), batch, batch.slice(10, 30)];
    const results = await Promise.all(sends.flatMap((events, i) => [a, b].map((store) => store.insertEvents(env, events, T0 + i))));
    const sizes = sends.flatMap((events) => [events.length, events.length]);
    results.forEach((r, i) => expect(r.accepted + r.duplicates).toBe(sizes[i]));
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(batch.length);
    const rows = await read<{ event_id: string }>('SELECT event_id FROM events');
    expect(rows.map((r) => r.event_id).sort()).toEqual(batch.map((e) => e.id).sort());
  });
});

describe('event ingest contract helpers', () => {
  it('build valid exposures', () => {
    expect(Event.parse(exposure()).type).toBe('exposure');
  });
});
