import { describe, expect, it } from 'vitest';
import { mergeState } from '../../shared/engine/merge-state';
import type { State } from '../../shared/schemas/state';

describe('mergeState', () => {
  it.each<[string, State, State, State]>([
    ['keeps a local dismissal the server has not stored yet', { rules: { r: { dismissed: { p85: 5 } } } }, { rules: {} }, { rules: { r: { dismissed: { p85: 5 } } } }],
    ['adds a dismissal from another device', { rules: {} }, { rules: { r: { dismissed: { p95: 9 } } } }, { rules: { r: { dismissed: { p95: 9 } } } }],
    ['keeps the later time of the same tier', { rules: { r: { dismissed: { p85: 7 } } } }, { rules: { r: { dismissed: { p85: 3 } } } }, { rules: { r: { dismissed: { p85: 7 } } } }],
    [
      'unions tiers and takes impressions, counts and forecasts from the server',
      { rules: { r: { dismissed: { p70: 1 }, impressions: [1] } }, counts: { old: [1] } },
      { rules: { r: { dismissed: { p85: 2 }, impressions: [4, 3] } }, counts: { report_exported: [3] }, forecast: { api_calls: { perDay: 1, days: 9, low: 8, high: null, confident: false, weeks: 1 } } },
      {
        rules: { r: { dismissed: { p70: 1, p85: 2 }, impressions: [4, 3] } },
        counts: { report_exported: [3] },
        forecast: { api_calls: { perDay: 1, days: 9, low: 8, high: null, confident: false, weeks: 1 } },
      },
    ],
  ])('%s', (_name, local, server, expected) => {
    expect(mergeState(local, server)).toEqual(expected);
  });

  it('ignores a prototype key smuggled into local storage', () => {
    const local = JSON.parse('{"rules":{"__proto__":{"dismissed":{"x":1}}}}') as State;
    const merged = mergeState(local, { rules: {} });
    expect(Object.getPrototypeOf(merged.rules)).toBe(Object.prototype);
    expect(Object.keys(merged.rules)).toEqual([]);
  });
});
