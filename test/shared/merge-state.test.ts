import { describe, expect, it } from 'vitest';
import { mergeState } from '../../shared/engine/merge-state';
import type { ForecastState, State } from '../../shared/schemas/state';

const forecast: ForecastState = { perDay: 1, days: 9, low: 8, high: null, confident: false, weeks: 1 };
const other: ForecastState = { perDay: 5, days: 2, low: 1, high: 3, confident: true, weeks: 1 };

describe('mergeState: per-tier times (dismissed, reached) keep the later of both sides', () => {
  it.each<[string, State, State, State]>([
    ['keeps a local dismissal the server has not stored yet', { rules: { r: { dismissed: { p85: 5 } } } }, { rules: {} }, { rules: { r: { dismissed: { p85: 5 } } } }],
    ['adds a dismissal from another device', { rules: {} }, { rules: { r: { dismissed: { p95: 9 } } } }, { rules: { r: { dismissed: { p95: 9 } } } }],
    ['keeps the later local time of the same tier', { rules: { r: { dismissed: { p85: 7 } } } }, { rules: { r: { dismissed: { p85: 3 } } } }, { rules: { r: { dismissed: { p85: 7 } } } }],
    ['keeps the later server time of the same tier', { rules: { r: { dismissed: { p85: 3 } } } }, { rules: { r: { dismissed: { p85: 7 } } } }, { rules: { r: { dismissed: { p85: 7 } } } }],
    ['unions tiers from both sides', { rules: { r: { dismissed: { p70: 1 } } } }, { rules: { r: { dismissed: { p85: 2 } } } }, { rules: { r: { dismissed: { p70: 1, p85: 2 } } } }],
    ['does the same for reached tiers', { rules: { r: { reached: { p70: 10, p85: 4 } } } }, { rules: { r: { reached: { p85: 6, p95: 1 } } } }, { rules: { r: { reached: { p70: 10, p85: 6, p95: 1 } } } }],
    ['keeps rules only one side knows, untouched', { rules: { a: { dismissed: { t: 1 } } } }, { rules: { b: { reached: { t: 2 } } } }, { rules: { a: { dismissed: { t: 1 } }, b: { reached: { t: 2 } } } }],
  ])('%s', (_name, local, server, expected) => {
    expect(mergeState(local, server)).toEqual(expected);
  });
});

describe('mergeState: impressions and event times are the server list plus what is newer here', () => {
  it.each<[string, number[] | undefined, number[] | undefined, number[] | undefined]>([
    ['local times newer than the server newest are added, newest first', [12, 11], [10, 8], [12, 11, 10, 8]],
    ['local times the server already has are not doubled', [10, 8], [10, 8], [10, 8]],
    ['local times older than the server newest are dropped (stored or evicted there)', [9, 1], [10, 8], [10, 8]],
    ['a mix: only the newer ones survive', [11, 9], [10], [11, 10]],
    ['an empty server list takes every local time', [3, 2, 1], [], [3, 2, 1]],
    ['no server list takes every local time', [3, 1], undefined, [3, 1]],
    ['no local list keeps the server list', undefined, [5, 4], [5, 4]],
    ['out-of-order input comes out newest first', [20, 30], [5, 15], [30, 20, 15, 5]],
  ])('%s', (_name, local, server, expected) => {
    const merged = mergeState(
      { rules: { r: local ? { impressions: local } : {} }, counts: local ? { report_exported: local } : {} },
      { rules: { r: server ? { impressions: server } : {} }, counts: server ? { report_exported: server } : {} },
    );

    expect(merged.rules.r?.impressions).toEqual(expected);
    expect(merged.counts?.report_exported).toEqual(expected);
  });

  it.each([
    { name: 'impressions keep the newest 500', local: Array.from({ length: 600 }, (_, i) => 10_000 - i), max: 500 },
    { name: 'event times keep the newest 2,000', local: Array.from({ length: 2_100 }, (_, i) => 10_000 - i), max: 2_000 },
  ])('$name', ({ local, max }) => {
    const merged = mergeState({ rules: { r: { impressions: local } }, counts: { e: local } }, { rules: {} });
    const kept = max === 500 ? merged.rules.r?.impressions : merged.counts?.e;

    expect(kept).toHaveLength(max);
    expect(kept?.[0]).toBe(10_000);
    expect(kept?.[max - 1]).toBe(10_000 - max + 1);
  });

  it('keeps gate attempts like any other count', () => {
    const merged = mergeState({ rules: {}, counts: { 'upshift:gate:sso': [50] } }, { rules: {}, counts: { 'upshift:gate:sso': [40], other: [1] } });

    expect(merged.counts).toEqual({ 'upshift:gate:sso': [50, 40], other: [1] });
  });
});

describe('mergeState: the latest dismissal, snooze and click', () => {
  it.each([
    { field: 'dismissedAt', local: 5, server: 9, merged: 9 },
    { field: 'dismissedAt', local: 9, server: 5, merged: 9 },
    { field: 'snoozedAt', local: 7, server: undefined, merged: 7 },
    { field: 'snoozedAt', local: undefined, server: 7, merged: 7 },
    { field: 'clickedAt', local: 3, server: 4, merged: 4 },
    { field: 'clickedAt', local: undefined, server: undefined, merged: undefined },
  ] as const)('$field: local $local, server $server -> $merged', ({ field, local, server, merged }) => {
    const result = mergeState({ rules: { r: local === undefined ? {} : { [field]: local } } }, { rules: { r: server === undefined ? {} : { [field]: server } } });

    expect(result.rules.r?.[field]).toBe(merged);
    if (merged === undefined) expect(result.rules.r).not.toHaveProperty(field);
  });
});

describe('mergeState: account facts come from the server', () => {
  it.each<[string, State, State, Partial<State>]>([
    ['the server forecast replaces the local one', { rules: {}, forecast: { api_calls: other } }, { rules: {}, forecast: { api_calls: forecast } }, { forecast: { api_calls: forecast } }],
    ['a local forecast the server no longer has is dropped', { rules: {}, forecast: { api_calls: other } }, { rules: {} }, { forecast: undefined }],
    ['periods from the server', { rules: {}, periods: { api_calls: [1, 2, 3] } }, { rules: {}, periods: { api_calls: [9, 8, 7] } }, { periods: { api_calls: [9, 8, 7] } }],
    ['trials from the server', { rules: {}, trials: { sso: { startedAt: 1, endsAt: 2 } } }, { rules: {}, trials: { audit: { startedAt: 3, endsAt: 4 } } }, { trials: { audit: { startedAt: 3, endsAt: 4 } } }],
    ['readiness from the server', { rules: {}, readiness: 90 }, { rules: {}, readiness: 40 }, { readiness: 40 }],
    ['no readiness when the server has none', { rules: {}, readiness: 90 }, { rules: {} }, { readiness: undefined }],
  ])('%s', (_name, local, server, expected) => {
    const merged = mergeState(local, server);

    for (const [key, value] of Object.entries(expected)) expect(merged[key as keyof State]).toEqual(value);
  });
});

describe('mergeState: hostile or broken input', () => {
  it.each([
    { name: 'local rules', local: '{"rules":{"__proto__":{"dismissed":{"x":1}}}}', server: '{"rules":{}}' },
    { name: 'server rules', local: '{"rules":{}}', server: '{"rules":{"__proto__":{"dismissed":{"x":1}}}}' },
    { name: 'a tier map', local: '{"rules":{"r":{"dismissed":{"__proto__":5}}}}', server: '{"rules":{"r":{}}}' },
    { name: 'local counts', local: '{"rules":{},"counts":{"__proto__":[1]}}', server: '{"rules":{}}' },
    { name: 'server counts', local: '{"rules":{},"counts":{"e":[1]}}', server: '{"rules":{},"counts":{"__proto__":[1]}}' },
  ])('ignores a "__proto__" key smuggled into $name', ({ local, server }) => {
    const merged = mergeState(JSON.parse(local) as State, JSON.parse(server) as State);

    expect(Object.getPrototypeOf(merged.rules)).toBe(Object.prototype);
    expect(Object.hasOwn(merged.rules, '__proto__')).toBe(false);
    expect(Object.hasOwn(merged.counts ?? {}, '__proto__')).toBe(false);
    expect(Object.hasOwn(merged.rules.r?.dismissed ?? {}, '__proto__')).toBe(false);
    expect(({} as Record<string, unknown>).dismissed).toBeUndefined(); // nothing leaked onto Object.prototype
  });

  it('treats ids that name Object.prototype members as ordinary rule ids', () => {
    const merged = mergeState({ rules: { constructor: { dismissed: { p70: 2 } }, toString: { dismissedAt: 1 } } }, { rules: { constructor: { dismissed: { p70: 1 } } } });

    expect(merged.rules).toEqual({ constructor: { dismissed: { p70: 2 } }, toString: { dismissedAt: 1 } });
  });

  it.each([
    { name: 'rules that are not an object', local: { rules: null }, server: { rules: { r: { dismissedAt: 1 } } }, rules: { r: { dismissedAt: 1 } } },
    { name: 'a rule state that is a list', local: { rules: { r: [1, 2] } }, server: { rules: {} }, rules: {} },
    { name: 'impressions that are not numbers', local: { rules: { r: { impressions: ['x', 5, null] } } }, server: { rules: {} }, rules: { r: { impressions: [5] } } },
    { name: 'tier times that are not numbers', local: { rules: { r: { dismissed: { p70: 'soon', p85: 4 } } } }, server: { rules: {} }, rules: { r: { dismissed: { p85: 4 } } } },
    { name: 'a server answer without rules', local: { rules: { r: { dismissedAt: 2 } } }, server: {}, rules: { r: { dismissedAt: 2 } } },
  ])('never throws on $name and keeps what it can read', ({ local, server, rules }) => {
    const merged = mergeState(local as unknown as State, server as unknown as State);

    expect(merged.rules).toEqual(rules);
  });

  it('does not change its inputs', () => {
    const local: State = { rules: { r: { dismissed: { p70: 1 }, impressions: [9] } }, counts: { e: [9] } };
    const server: State = { rules: { r: { dismissed: { p85: 2 }, impressions: [3] } }, counts: { e: [3] } };
    const before = structuredClone({ local, server });

    mergeState(local, server);

    expect({ local, server }).toEqual(before);
  });
});
