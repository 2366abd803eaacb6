import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { ReasonCode } from '../../shared/engine/types';
import type { Schedule } from '../../shared/schemas/rule';
import { NOW, NO_STATE, cfg, ctx, say, usageRule } from './fixtures';

const decide = (schedule: Schedule, now = NOW) => evaluate(cfg([usageRule('r', { schedule })]), ctx({ usage: { api_calls: 9_700 } }, now), NO_STATE, now).reasons[0];

describe('schedule', () => {
  it.each([
    { name: 'before the start', schedule: { start: '2026-04-01' }, code: ReasonCode.notStarted, params: { start: Date.UTC(2026, 3, 1) } },
    { name: 'a millisecond before the start', schedule: { start: new Date(NOW + 1).toISOString() }, code: ReasonCode.notStarted, params: { start: NOW + 1 } },
    { name: 'at the start', schedule: { start: new Date(NOW).toISOString() }, code: ReasonCode.shown, params: null },
    { name: 'after the start', schedule: { start: '2026-03-01T00:00:00Z' }, code: ReasonCode.shown, params: null },
    { name: 'inside start and end', schedule: { start: '2026-03-01', end: '2026-03-31' }, code: ReasonCode.shown, params: null },
    { name: 'a millisecond before the end', schedule: { end: new Date(NOW + 1).toISOString() }, code: ReasonCode.shown, params: null },
    { name: 'at the end', schedule: { end: new Date(NOW).toISOString() }, code: ReasonCode.ended, params: { end: NOW } },
    { name: 'after the end', schedule: { start: '2026-01-01', end: '2026-02-01' }, code: ReasonCode.ended, params: { end: Date.UTC(2026, 1, 1) } },
    { name: 'an end with an offset', schedule: { end: '2026-03-10T13:00:00+02:00' }, code: ReasonCode.ended, params: { end: Date.UTC(2026, 2, 10, 11) } },
    { name: 'no start or end', schedule: {}, code: ReasonCode.shown, params: null },
  ])('$name -> $code', ({ schedule, code, params }) => {
    const reason = decide(schedule);

    expect(reason?.code).toBe(code);
    if (params) expect(reason?.params).toEqual(params);
  });

  it.each([
    { schedule: { start: '2026-04-01' }, words: 'the rule is scheduled to start on 2026-04-01' },
    { schedule: { end: '2026-02-01' }, words: "the rule's schedule ended on 2026-02-01" },
  ])('explains $words', ({ schedule, words }) => {
    expect(say(decide(schedule))).toBe(words);
  });

  it('is checked before the trigger, so a scheduled rule below its threshold says it has not started', () => {
    const reason = evaluate(cfg([usageRule('r', { schedule: { start: '2026-04-01' } })]), ctx({ usage: { api_calls: 1 } }), NO_STATE, NOW).reasons[0];

    expect(reason?.code).toBe(ReasonCode.notStarted);
  });
});
