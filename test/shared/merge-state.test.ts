import { describe, expect, it } from 'vitest';
import { mergeState } from '../../shared/engine/merge-state';
import type { ForecastState, RuleState, State } from '../../shared/schemas/state';

const forecast: ForecastState = { perDay: 1, days: 9, low: 8, high: null, confident: false, weeks: 1 };
const other: ForecastState = { perDay: 5, days: 2, low: 1, high: 3, confident: true, weeks: 1 };

/** The integers from `hi` down to `lo`, newest first. */
const desc = (hi: number, lo: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => hi - i);

/** Hostile or broken state, as it may come out of localStorage or a misbehaving server. */
const raw = (x: unknown): State => x as State;

/** Every object and list reachable from `x` (the merged state is a tree of plain data). */
function nodes(x: unknown): object[] {
  if (typeof x !== 'object' || x === null) return [];
  return [x, ...Object.values(x).flatMap(nodes)];
}

/** Every value reachable from `x`, objects and leaves alike. */
function values(x: unknown): unknown[] {
  return typeof x === 'object' && x !== null ? [x, ...Object.values(x).flatMap(values)] : [x];
}

const TIERS = ['dismissed', 'reached'] as const;

describe('mergeState: per-tier times (dismissed, reached), the later time wins per tier', () => {
  interface Row {
    name: string;
    local: Record<string, number> | undefined;
    server: Record<string, number> | undefined;
    merged: Record<string, number> | undefined;
  }
  const rows: Row[] = [
    { name: 'a local time the server has not stored yet is kept', local: { p85: 5 }, server: undefined, merged: { p85: 5 } },
    { name: 'a time from another device is added', local: undefined, server: { p95: 9 }, merged: { p95: 9 } },
    { name: 'the later local time of the same tier wins', local: { p85: 7 }, server: { p85: 3 }, merged: { p85: 7 } },
    { name: 'the later server time of the same tier wins', local: { p85: 3 }, server: { p85: 7 }, merged: { p85: 7 } },
    { name: 'equal times stay as they are', local: { p85: 4 }, server: { p85: 4 }, merged: { p85: 4 } },
    { name: 'a time of 0 loses to any later time', local: { p85: 0 }, server: { p85: 1 }, merged: { p85: 1 } },
    { name: 'tiers from both sides are united', local: { p70: 1 }, server: { p85: 2 }, merged: { p70: 1, p85: 2 } },
    { name: 'each tier is decided on its own', local: { p70: 10, p85: 4 }, server: { p85: 6, p95: 1 }, merged: { p70: 10, p85: 6, p95: 1 } },
    { name: 'a later time on one tier does not lift another', local: { p70: 100, p85: 1 }, server: { p70: 1, p85: 2 }, merged: { p70: 100, p85: 2 } },
    { name: 'empty maps on both sides stay empty', local: {}, server: {}, merged: {} },
    { name: 'neither side has the map', local: undefined, server: undefined, merged: undefined },
  ];

  it.each(TIERS.flatMap((tier) => rows.map((row) => ({ tier, ...row }))))('$tier: $name', ({ tier, local, server, merged }) => {
    const result = mergeState({ rules: { r: local ? { [tier]: local } : {} } }, { rules: { r: server ? { [tier]: server } : {} } });

    expect(result.rules).toEqual({ r: merged ? { [tier]: merged } : {} });
    if (merged === undefined) expect(result.rules.r).not.toHaveProperty(tier);
  });

  it.each(TIERS)('%s: an earlier time never replaces a later one, whichever side holds it', (tier) => {
    const later = { p70: 50, p85: 60 };
    const earlier = { p70: 10, p85: 20 };

    expect(mergeState({ rules: { r: { [tier]: earlier } } }, { rules: { r: { [tier]: later } } }).rules.r?.[tier]).toEqual(later);
    expect(mergeState({ rules: { r: { [tier]: later } } }, { rules: { r: { [tier]: earlier } } }).rules.r?.[tier]).toEqual(later);
  });

  it('merges dismissed and reached of the same rule independently', () => {
    const result = mergeState(
      { rules: { r: { dismissed: { p70: 9 }, reached: { p70: 1 } } } },
      { rules: { r: { dismissed: { p70: 2 }, reached: { p70: 8, p85: 3 } } } },
    );

    expect(result.rules).toEqual({ r: { dismissed: { p70: 9 }, reached: { p70: 8, p85: 3 } } });
  });
});

describe('mergeState: the latest dismissal, snooze and click (dismissedAt, snoozedAt, clickedAt)', () => {
  const FIELDS = ['dismissedAt', 'snoozedAt', 'clickedAt'] as const;
  const rows: { name: string; local: number | undefined; server: number | undefined; merged: number | undefined }[] = [
    { name: 'the later local time wins', local: 9, server: 5, merged: 9 },
    { name: 'the later server time wins', local: 5, server: 9, merged: 9 },
    { name: 'equal times stay', local: 7, server: 7, merged: 7 },
    { name: 'a time of 0 loses to a later one', local: 0, server: 3, merged: 3 },
    { name: 'a later local time beats a server time of 0', local: 3, server: 0, merged: 3 },
    { name: 'a local time the server has not stored yet is kept', local: 7, server: undefined, merged: 7 },
    { name: 'a time from another device is taken', local: undefined, server: 7, merged: 7 },
    { name: 'neither side has one: still none', local: undefined, server: undefined, merged: undefined },
  ];

  it.each(FIELDS.flatMap((field) => rows.map((row) => ({ field, ...row }))))('$field: $name ($local, $server -> $merged)', ({ field, local, server, merged }) => {
    const result = mergeState({ rules: { r: local === undefined ? {} : { [field]: local } } }, { rules: { r: server === undefined ? {} : { [field]: server } } });

    expect(result.rules.r?.[field]).toBe(merged);
    if (merged === undefined) expect(result.rules.r).not.toHaveProperty(field);
  });

  it('decides each field of a rule on its own', () => {
    const result = mergeState(
      { rules: { r: { dismissedAt: 10, snoozedAt: 1, clickedAt: 5 } } },
      { rules: { r: { dismissedAt: 2, snoozedAt: 20 } } },
    );

    expect(result.rules).toEqual({ r: { dismissedAt: 10, snoozedAt: 20, clickedAt: 5 } });
  });
});

describe('mergeState: rules and counts known to only one side are kept', () => {
  const full: RuleState = { dismissed: { p70: 1 }, reached: { p70: 2 }, impressions: [5, 3], dismissedAt: 4, snoozedAt: 6, clickedAt: 7 };

  it.each<{ name: string; local: State; server: State; rules: State['rules']; counts: State['counts'] }>([
    { name: 'a rule only here', local: { rules: { a: full } }, server: { rules: {} }, rules: { a: full }, counts: {} },
    { name: 'a rule only on the server', local: { rules: {} }, server: { rules: { b: full } }, rules: { b: full }, counts: {} },
    {
      name: 'rules from both sides, each untouched',
      local: { rules: { a: { dismissed: { t: 1 } } } },
      server: { rules: { b: { reached: { t: 2 } } } },
      rules: { a: { dismissed: { t: 1 } }, b: { reached: { t: 2 } } },
      counts: {},
    },
    { name: 'an event only here', local: { rules: {}, counts: { a: [3, 1] } }, server: { rules: {}, counts: { b: [2] } }, rules: {}, counts: { a: [3, 1], b: [2] } },
    { name: 'events here, none on the server', local: { rules: {}, counts: { a: [3, 1] } }, server: { rules: {} }, rules: {}, counts: { a: [3, 1] } },
    { name: 'events on the server, none here', local: { rules: {} }, server: { rules: {}, counts: { b: [2] } }, rules: {}, counts: { b: [2] } },
    { name: 'no events on either side', local: { rules: {} }, server: { rules: {} }, rules: {}, counts: {} },
    {
      name: 'gate attempts like any other count',
      local: { rules: {}, counts: { 'upshift:gate:sso': [50] } },
      server: { rules: {}, counts: { 'upshift:gate:sso': [40], other: [1] } },
      rules: {},
      counts: { 'upshift:gate:sso': [50, 40], other: [1] },
    },
  ])('$name', ({ local, server, rules, counts }) => {
    const merged = mergeState(local, server);

    expect(merged.rules).toEqual(rules);
    expect(merged.counts).toEqual(counts);
  });
});

describe("mergeState: impressions and event times are the server's list plus the local times newer than its newest, newest first", () => {
  /** Merges `local` into `server` as a rule's impressions and as an event's times alike, and returns both results. */
  const mergeLists = (local: unknown[], server: unknown[]): unknown[] => {
    const merged = mergeState(raw({ rules: { r: { impressions: local } }, counts: { e: local } }), raw({ rules: { r: { impressions: server } }, counts: { e: server } }));
    return [merged.rules.r?.impressions, merged.counts?.e];
  };

  it.each<[string, number[] | undefined, number[] | undefined, number[]]>([
    ['local times newer than the server newest are added, newest first', [12, 11], [10, 8], [12, 11, 10, 8]],
    ['local times older than the server newest are dropped (the server has them, or dropped them on purpose)', [9, 1], [10, 8], [10, 8]],
    ['of interleaved times, only the local ones newer than the server newest are added', [11, 9, 2], [10, 3], [11, 10, 3]],
    ['times both sides have appear once, as the server has them', [10, 8], [10, 8], [10, 8]],
    ['a local time equal to the server newest is dropped, a newer one next to it is added', [12, 10], [10, 8], [12, 10, 8]],
    ['duplicates on both sides are kept: newer local ones and all the server ones', [5, 5, 3], [3, 3], [5, 5, 3, 3]],
    ['an empty server list takes every local time', [3, 2, 1], [], [3, 2, 1]],
    ['an empty local list keeps the server list', [], [5, 4], [5, 4]],
    ['no server list takes every local time', [3, 1], undefined, [3, 1]],
    ['no local list keeps the server list', undefined, [5, 4], [5, 4]],
    ['out-of-order input comes out newest first', [20, 30], [5, 15], [30, 20, 15, 5]],
    ['a local time of 0 is older than a server time of 1 and is dropped', [0], [1], [1]],
    ['a server time of 0 is kept next to a newer local one', [1], [0], [1, 0]],
  ])('%s', (_name, local, server, expected) => {
    const merged = mergeState(
      { rules: { r: local ? { impressions: local } : {} }, counts: local ? { report_exported: local } : {} },
      { rules: { r: server ? { impressions: server } : {} }, counts: server ? { report_exported: server } : {} },
    );

    expect(merged.rules.r?.impressions).toEqual(expected);
    expect(merged.counts?.report_exported).toEqual(expected);
  });

  it.each<{ name: string; local: number[]; server: number[]; expected: number[] }>([
    // Duplicates: two events may share a millisecond, so none is collapsed.
    { name: 'server duplicates are kept when there is nothing here', local: [], server: [5, 5], expected: [5, 5] },
    { name: 'server duplicates are kept next to newer local times', local: [9], server: [5, 5, 2], expected: [9, 5, 5, 2] },
    { name: 'server duplicates of its newest time are all kept', local: [], server: [7, 7, 7, 1], expected: [7, 7, 7, 1] },
    { name: 'local duplicates newer than the server newest are kept as they are', local: [7, 7, 6], server: [5], expected: [7, 7, 6, 5] },
    { name: 'local duplicates with an empty server list are kept as they are', local: [4, 4, 2], server: [], expected: [4, 4, 2] },
    { name: 'duplicates on both sides stay as many as they were', local: [9, 9], server: [6, 6], expected: [9, 9, 6, 6] },
    // The boundary: only local times strictly newer than the server newest are added.
    { name: 'a local time equal to the server newest is dropped', local: [5], server: [5], expected: [5] },
    { name: 'a local time equal to the server newest is dropped, not added as a duplicate', local: [5], server: [5, 5], expected: [5, 5] },
    { name: 'local duplicates equal to the server newest are all dropped', local: [5, 5], server: [5, 3], expected: [5, 3] },
    { name: 'a local time one past the server newest is added', local: [6], server: [5], expected: [6, 5] },
    { name: 'a local time equal to the server newest is dropped, the one above it is added', local: [6, 5], server: [5, 3], expected: [6, 5, 3] },
    { name: 'a local time equal to an older server time is dropped', local: [3], server: [5, 3], expected: [5, 3] },
    // Older local times are all dropped.
    { name: 'local times all older than the server newest are all dropped', local: [4, 3, 1], server: [9], expected: [9] },
    { name: 'local times between server times are dropped', local: [8, 4], server: [9, 5, 1], expected: [9, 5, 1] },
    { name: 'local duplicates older than the server newest are dropped too', local: [4, 4], server: [9], expected: [9] },
    { name: 'a local time the server dropped on purpose does not come back', local: [9, 7, 5], server: [9, 5], expected: [9, 5] },
    { name: 'of local times on both sides of the server newest, only the newer ones are added', local: [12, 10, 8, 6], server: [9, 7], expected: [12, 10, 9, 7] },
    // The server newest is its largest time, wherever it stands in the list.
    { name: 'the server newest is its largest time, not its first', local: [7], server: [3, 9, 5], expected: [9, 5, 3] },
    { name: 'the server newest is its largest time, even last', local: [8, 10], server: [2, 9], expected: [10, 9, 2] },
    // An empty server list has no newest time: every local time is kept.
    { name: 'an empty server list keeps every local time, newest first', local: [1, 3, 2], server: [], expected: [3, 2, 1] },
    { name: 'an empty server list keeps a local time of 0', local: [0], server: [], expected: [0] },
    { name: 'an empty server list keeps local times of 0 next to newer ones', local: [0, 2, 0], server: [], expected: [2, 0, 0] },
    { name: 'empty lists on both sides merge to an empty list', local: [], server: [], expected: [] },
    { name: 'an unordered server list with nothing here comes out newest first', local: [], server: [1, 3, 2, 3], expected: [3, 3, 2, 1] },
  ])('$name', ({ local, server, expected }) => {
    for (const kept of mergeLists(local, server)) expect(kept).toEqual(expected);
  });

  it.each<{ name: string; local: number[]; server: number[]; expected: number[] }>([
    { name: 'exactly 2,000 times are all kept', local: desc(2_000, 1_001), server: desc(1_000, 1), expected: desc(2_000, 1) },
    { name: '2,001 times lose the oldest one', local: desc(2_001, 1_002), server: desc(1_001, 1), expected: desc(2_001, 2) },
    { name: 'newer local times over the cap keep the newest 2,000 (the local ones first)', local: desc(3_000, 1_501), server: desc(1_500, 1), expected: desc(3_000, 1_001) },
    { name: 'newer local times can push every server time past the cap', local: desc(2_500, 501), server: desc(500, 1), expected: desc(2_500, 501) },
    { name: 'older local times are dropped, not kept in room left under the cap', local: desc(1_500, 1), server: desc(3_000, 1_501), expected: desc(3_000, 1_501) },
    {
      name: 'of interleaved lists, only the local times newer than the server newest are added',
      local: desc(3_000, 1).filter((t) => t % 2 === 0),
      server: desc(3_000, 1).filter((t) => t % 2 === 1),
      expected: [3_000, ...desc(2_999, 1).filter((t) => t % 2 === 1)],
    },
    { name: 'a server list over the cap keeps its newest 2,000', local: [], server: desc(2_500, 1), expected: desc(2_500, 501) },
    { name: 'local times over the cap with an empty server list keep the newest 2,000', local: desc(2_500, 1), server: [], expected: desc(2_500, 501) },
    { name: 'local times over the cap that are all older than the server newest are all dropped', local: desc(2_500, 1), server: [3_000], expected: [3_000] },
    {
      name: 'server duplicates count toward the cap: 1,200 times twice each keep the newest 1,000 twice each',
      local: [],
      server: desc(1_200, 1).flatMap((t) => [t, t]),
      expected: desc(1_200, 201).flatMap((t) => [t, t]),
    },
    {
      name: 'local duplicates count toward the cap: 1,000 newer times twice each fill it, pushing out the server list',
      local: desc(2_000, 1_001).flatMap((t) => [t, t]),
      server: desc(1_000, 1),
      expected: desc(2_000, 1_001).flatMap((t) => [t, t]),
    },
    { name: 'impressions and events alike are no longer capped at 500', local: desc(800, 401), server: desc(400, 1), expected: desc(800, 1) },
  ])('$name', ({ local, server, expected }) => {
    for (const kept of mergeLists(local, server)) {
      expect(kept).toHaveLength(expected.length);
      expect(kept).toEqual(expected);
    }
  });

  it.each<[string, unknown[], unknown[], number[]]>([
    ['strings, null and objects here are filtered out', ['x', 5, null, {}], [3], [5, 3]],
    ['strings, booleans and lists on the server are filtered out', [10], [null, 7, '8', true, [9]], [10, 7]],
    ['non-numbers on the server do not count as its newest time', [8], [null, 7, '8', true, [9]], [8, 7]],
    ['non-numbers here are filtered out, and older numbers dropped', ['x', 4, null], [7], [7]],
    ['numeric strings are not read as times', ['10'], ['9', 1], [1]],
    ['missing entries are filtered out', [undefined, 2], [undefined], [2]],
    ['a server list with nothing readable keeps every local number, newest first', [1, 'x', 3], ['a', null], [3, 1]],
    ['duplicates survive the filtering on both sides', ['x', 6, 6], [5, null, 5], [6, 6, 5, 5]],
    ['lists with nothing readable merge to an empty list', ['a'], [null], []],
  ])('a merged list keeps only numbers: %s', (_name, local, server, expected) => {
    for (const kept of mergeLists(local, server)) expect(kept).toEqual(expected);
  });
});

describe('mergeState: forecast, periods, trials and readiness come from the server', () => {
  it.each<{ name: string; field: keyof State; local: State; server: State; expected: unknown }>([
    { name: 'the server forecast replaces the local one', field: 'forecast', local: { rules: {}, forecast: { api_calls: other } }, server: { rules: {}, forecast: { api_calls: forecast } }, expected: { api_calls: forecast } },
    {
      name: 'forecasts are not merged metric by metric',
      field: 'forecast',
      local: { rules: {}, forecast: { api_calls: other, seats: other } },
      server: { rules: {}, forecast: { api_calls: forecast } },
      expected: { api_calls: forecast },
    },
    { name: 'a local forecast the server no longer has is dropped', field: 'forecast', local: { rules: {}, forecast: { api_calls: other } }, server: { rules: {} }, expected: undefined },
    { name: 'a server forecast new to this device is taken', field: 'forecast', local: { rules: {} }, server: { rules: {}, forecast: { seats: forecast } }, expected: { seats: forecast } },
    { name: 'server periods replace local ones (not united, not reordered)', field: 'periods', local: { rules: {}, periods: { api_calls: [1, 2, 3] } }, server: { rules: {}, periods: { api_calls: [9, 8, 7] } }, expected: { api_calls: [9, 8, 7] } },
    { name: 'local periods for another metric are dropped', field: 'periods', local: { rules: {}, periods: { seats: [4] } }, server: { rules: {}, periods: { api_calls: [5] } }, expected: { api_calls: [5] } },
    { name: 'local periods the server does not have are dropped', field: 'periods', local: { rules: {}, periods: { api_calls: [1] } }, server: { rules: {} }, expected: undefined },
    { name: 'server trials replace local ones', field: 'trials', local: { rules: {}, trials: { sso: { startedAt: 1, endsAt: 2 } } }, server: { rules: {}, trials: { audit: { startedAt: 3, endsAt: 4 } } }, expected: { audit: { startedAt: 3, endsAt: 4 } } },
    {
      name: 'a local trial that ends later does not extend the server one',
      field: 'trials',
      local: { rules: {}, trials: { sso: { startedAt: 5, endsAt: 99 } } },
      server: { rules: {}, trials: { sso: { startedAt: 1, endsAt: 10 } } },
      expected: { sso: { startedAt: 1, endsAt: 10 } },
    },
    { name: 'local trials the server does not have are dropped', field: 'trials', local: { rules: {}, trials: { sso: { startedAt: 1, endsAt: 2 } } }, server: { rules: {} }, expected: undefined },
    { name: 'readiness from the server, even when lower', field: 'readiness', local: { rules: {}, readiness: 90 }, server: { rules: {}, readiness: 40 }, expected: 40 },
    { name: 'a server readiness of 0 is kept', field: 'readiness', local: { rules: {}, readiness: 90 }, server: { rules: {}, readiness: 0 }, expected: 0 },
    { name: 'no readiness when the server has none', field: 'readiness', local: { rules: {}, readiness: 90 }, server: { rules: {} }, expected: undefined },
    { name: 'readiness new to this device is taken', field: 'readiness', local: { rules: {} }, server: { rules: {}, readiness: 55 }, expected: 55 },
  ])('$field: $name', ({ field, local, server, expected }) => {
    const merged = mergeState(local, server);

    expect(merged[field]).toEqual(expected);
    if (expected === undefined) expect(merged).not.toHaveProperty(field);
  });
});

describe('mergeState: prototype safety', () => {
  it.each<{ name: string; local: string; server: string; rules: State['rules']; counts: State['counts'] }>([
    {
      name: 'local rules',
      local: '{"rules":{"__proto__":{"dismissed":{"x":1}},"r":{"dismissedAt":1}}}',
      server: '{"rules":{"r":{"dismissedAt":2}}}',
      rules: { r: { dismissedAt: 2 } },
      counts: {},
    },
    {
      name: 'server rules',
      local: '{"rules":{"r":{"dismissedAt":2}}}',
      server: '{"rules":{"__proto__":{"dismissed":{"x":1}},"r":{"dismissedAt":1}}}',
      rules: { r: { dismissedAt: 2 } },
      counts: {},
    },
    {
      name: 'a rule state both sides have',
      local: '{"rules":{"r":{"__proto__":{"polluted":1},"dismissedAt":3}}}',
      server: '{"rules":{"r":{"dismissedAt":2}}}',
      rules: { r: { dismissedAt: 3 } },
      counts: {},
    },
    {
      name: 'a tier map both sides have',
      local: '{"rules":{"r":{"dismissed":{"__proto__":5,"p70":1}}}}',
      server: '{"rules":{"r":{"dismissed":{"p85":2}}}}',
      rules: { r: { dismissed: { p70: 1, p85: 2 } } },
      counts: {},
    },
    {
      name: 'local counts',
      local: '{"rules":{},"counts":{"__proto__":[1],"e":[2]}}',
      server: '{"rules":{},"counts":{"e":[1]}}',
      rules: {},
      counts: { e: [2, 1] },
    },
    {
      name: 'local counts when the server has none',
      local: '{"rules":{},"counts":{"__proto__":[1],"e":[2]}}',
      server: '{"rules":{}}',
      rules: {},
      counts: { e: [2] },
    },
    {
      name: 'server counts',
      local: '{"rules":{},"counts":{"e":[1]}}',
      server: '{"rules":{},"counts":{"__proto__":[1]}}',
      rules: {},
      counts: { e: [1] },
    },
  ])('a "__proto__" key smuggled into $name is not merged', ({ local, server, rules, counts }) => {
    const before = Object.getOwnPropertyNames(Object.prototype);

    const merged = mergeState(JSON.parse(local) as State, JSON.parse(server) as State);

    expect(merged.rules).toEqual(rules);
    expect(merged.counts).toEqual(counts);
    for (const node of nodes({ rules: merged.rules, counts: merged.counts })) {
      expect(Object.hasOwn(node, '__proto__')).toBe(false);
      expect(Object.getPrototypeOf(node)).toBe(Array.isArray(node) ? Array.prototype : Object.prototype);
    }
    // Nothing leaked onto Object.prototype.
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(before);
    const plain: Record<string, unknown> = {};
    for (const key of ['dismissed', 'dismissedAt', 'polluted', 'x', 'e', '0']) expect(plain[key]).toBeUndefined();
  });

  const INHERITED = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'] as const;
  const places = (key: string): { place: string; local: State; server: State; rules: State['rules']; counts: State['counts'] }[] => [
    { place: 'a rule id only here', local: { rules: { [key]: { dismissedAt: 1 } } }, server: { rules: {} }, rules: { [key]: { dismissedAt: 1 } }, counts: {} },
    { place: 'a rule id only on the server', local: { rules: {} }, server: { rules: { [key]: { clickedAt: 2 } } }, rules: { [key]: { clickedAt: 2 } }, counts: {} },
    {
      place: 'a rule id on both sides',
      local: { rules: { [key]: { dismissed: { p70: 2 } } } },
      server: { rules: { [key]: { dismissed: { p70: 1 }, impressions: [4] } } },
      rules: { [key]: { dismissed: { p70: 2 }, impressions: [4] } },
      counts: {},
    },
    { place: 'a tier name only here', local: { rules: { r: { dismissed: { [key]: 4 } } } }, server: { rules: { r: { dismissed: { p70: 1 } } } }, rules: { r: { dismissed: { [key]: 4, p70: 1 } } }, counts: {} },
    { place: 'a tier name only on the server', local: { rules: { r: { reached: { p70: 1 } } } }, server: { rules: { r: { reached: { [key]: 4 } } } }, rules: { r: { reached: { [key]: 4, p70: 1 } } }, counts: {} },
    { place: 'a tier name on both sides', local: { rules: { r: { reached: { [key]: 9 } } } }, server: { rules: { r: { reached: { [key]: 4 } } } }, rules: { r: { reached: { [key]: 9 } } }, counts: {} },
    { place: 'an event name only here', local: { rules: {}, counts: { [key]: [3] } }, server: { rules: {}, counts: {} }, rules: {}, counts: { [key]: [3] } },
    { place: 'an event name only on the server', local: { rules: {}, counts: { e: [1] } }, server: { rules: {}, counts: { [key]: [3] } }, rules: {}, counts: { e: [1], [key]: [3] } },
    { place: 'an event name on both sides', local: { rules: {}, counts: { [key]: [3] } }, server: { rules: {}, counts: { [key]: [5, 3] } }, rules: {}, counts: { [key]: [5, 3] } },
  ];

  it.each(INHERITED.flatMap((key) => places(key).map((row) => ({ key, ...row }))))('"$key" as $place merges as plain data', ({ local, server, rules, counts }) => {
    const merged = mergeState(local, server);

    expect(merged.rules).toEqual(rules);
    expect(merged.counts).toEqual(counts);
    // Never an inherited function picked up from a side that lacks the key.
    expect(values({ rules: merged.rules, counts: merged.counts }).filter((v) => typeof v === 'function')).toEqual([]);
  });
});

describe('mergeState: hostile or broken input', () => {
  it.each<{ name: string; local: unknown; server: unknown; rules: unknown }>([
    { name: 'local rules that are null', local: { rules: null }, server: { rules: { r: { dismissedAt: 1 } } }, rules: { r: { dismissedAt: 1 } } },
    { name: 'local rules that are a list', local: { rules: [1] }, server: { rules: { r: { dismissedAt: 1 } } }, rules: { r: { dismissedAt: 1 } } },
    { name: 'a server answer without rules', local: { rules: { r: { dismissedAt: 2 } } }, server: {}, rules: { r: { dismissedAt: 2 } } },
    { name: 'server rules that are null', local: { rules: { r: { dismissedAt: 2 } } }, server: { rules: null }, rules: { r: { dismissedAt: 2 } } },
    { name: 'a local rule state that is a list, the server has the rule', local: { rules: { r: [1, 2] } }, server: { rules: { r: { dismissedAt: 1 } } }, rules: { r: { dismissedAt: 1 } } },
    { name: 'a local rule state that is null, the server has the rule', local: { rules: { r: null } }, server: { rules: { r: { clickedAt: 3 } } }, rules: { r: { clickedAt: 3 } } },
    { name: 'a local tier map that is a list, the server has the map', local: { rules: { r: { dismissed: [7] } } }, server: { rules: { r: { dismissed: { p70: 1 } } } }, rules: { r: { dismissed: { p70: 1 } } } },
    { name: 'a tier time that is a string here, a number on the server', local: { rules: { r: { dismissed: { p70: 'soon' } } } }, server: { rules: { r: { dismissed: { p70: 4 } } } }, rules: { r: { dismissed: { p70: 4 } } } },
    { name: 'a tier time that is a number here, a string on the server', local: { rules: { r: { dismissed: { p70: 4 } } } }, server: { rules: { r: { dismissed: { p70: 'soon' } } } }, rules: { r: { dismissed: { p70: 'soon' } } } },
    { name: 'a dismissedAt that is a string here, a number on the server', local: { rules: { r: { dismissedAt: '9' } } }, server: { rules: { r: { dismissedAt: 2 } } }, rules: { r: { dismissedAt: 2 } } },
    { name: 'a snoozedAt that is a number here, a string on the server', local: { rules: { r: { snoozedAt: 9 } } }, server: { rules: { r: { snoozedAt: 'later' } } }, rules: { r: { snoozedAt: 'later' } } },
    { name: 'a tier time that is null on the server', local: { rules: { r: { reached: { p70: 6 } } } }, server: { rules: { r: { reached: { p70: null } } } }, rules: { r: { reached: { p70: 6 } } } },
    { name: 'a clickedAt that is null here', local: { rules: { r: { clickedAt: null } } }, server: { rules: { r: { clickedAt: 5 } } }, rules: { r: { clickedAt: 5 } } },
    { name: 'impressions that are a number on the server', local: { rules: { r: { impressions: [5] } } }, server: { rules: { r: { impressions: 7 } } }, rules: { r: { impressions: 7 } } },
    {
      name: 'impressions with non-numbers on both sides',
      local: { rules: { r: { impressions: ['x', 5, null] } } },
      server: { rules: { r: { impressions: [3, 'y', {}] } } },
      rules: { r: { impressions: [5, 3] } },
    },
  ])('never throws on $name and keeps what it can read', ({ local, server, rules }) => {
    let merged: State | undefined;

    expect(() => (merged = mergeState(raw(local), raw(server)))).not.toThrow();
    expect(merged?.rules).toEqual(rules);
  });

  it.each<{ name: string; local: unknown; server: unknown }>([
    { name: 'two empty objects', local: {}, server: {} },
    { name: 'rules that are strings', local: { rules: 'abc' }, server: { rules: 'def' } },
    { name: 'rules that are numbers', local: { rules: 1 }, server: { rules: 2 } },
    { name: 'a rule state that is a list here only', local: { rules: { r: [1, 2], s: { dismissedAt: 1 } } }, server: { rules: { s: { dismissedAt: 2 } } } },
    { name: 'rule states that are lists on both sides', local: { rules: { r: [1, 'a'] } }, server: { rules: { r: [2] } } },
    { name: 'a rule state that is a string', local: { rules: { r: 'x' } }, server: { rules: { r: { dismissedAt: 1 } } } },
    { name: 'counts that are a list', local: { rules: {}, counts: [1, 2] }, server: { rules: {}, counts: { e: [1] } } },
    { name: 'counts that are a string on the server', local: { rules: {}, counts: { e: [1] } }, server: { rules: {}, counts: 'x' } },
    { name: 'counts that are null', local: { rules: {}, counts: null }, server: { rules: {}, counts: null } },
    { name: 'an event list that is an object', local: { rules: {}, counts: { e: { a: 1 } } }, server: { rules: {}, counts: { e: [1] } } },
    { name: 'impressions full of NaN and Infinity', local: { rules: { r: { impressions: [Number.NaN, Infinity, 3] } } }, server: { rules: { r: { impressions: [-Infinity, 2] } } } },
    { name: 'deeply nested junk', local: { rules: { r: { dismissed: { p70: { a: { b: [{ c: 1 }] } } } } } }, server: { rules: { r: { dismissed: { p70: { a: { b: 2 } } } } } } },
    { name: 'an unknown top-level key', local: { rules: {}, extra: { a: 1 } }, server: { rules: {}, extra: [1] } },
  ])('never throws on $name', ({ local, server }) => {
    expect(() => mergeState(raw(local), raw(server))).not.toThrow();
  });

  it('a local rule state that is a list does not disturb the other rules', () => {
    const merged = mergeState(raw({ rules: { r: [1, 2], s: { dismissedAt: 1, impressions: [4] } } }), { rules: { s: { dismissedAt: 2, impressions: [3] } } });

    expect(merged.rules.s).toEqual({ dismissedAt: 2, impressions: [4, 3] });
  });

  it('counts that are not an object on one side keep the other side', () => {
    expect(mergeState(raw({ rules: {}, counts: [1, 2] }), { rules: {}, counts: { e: [1] } }).counts).toEqual({ e: [1] });
    expect(mergeState({ rules: {}, counts: { e: [1] } }, raw({ rules: {}, counts: null })).counts).toEqual({ e: [1] });
  });

  it('does not change its inputs', () => {
    const local: State = { rules: { r: { dismissed: { p70: 1 }, impressions: [2, 9, 2] }, l: { clickedAt: 1 } }, counts: { e: [1, 9], only: [4] } };
    const server: State = { rules: { r: { dismissed: { p85: 2 }, impressions: [3, 9] }, s: { snoozedAt: 1 } }, counts: { e: [3] }, readiness: 5 };
    const before = structuredClone({ local, server });

    mergeState(local, server);

    expect({ local, server }).toEqual(before);
  });
});
