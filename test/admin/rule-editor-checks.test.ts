import { describe, expect, it } from 'vitest';
import { checkRule } from '../../admin/src/areas/rules/editor/checks';
import { withKey } from '../../admin/src/areas/rules/editor/draft';
import { readNumber } from '../../admin/src/areas/rules/editor/fields';
import { fieldPath, placed, relativeErrors, sectionOf } from '../../admin/src/areas/rules/editor/placement';
import { fromLocalInput, toLocalInput } from '../../admin/src/areas/rules/editor/schedule';
import { switchTrigger } from '../../admin/src/areas/rules/editor/switch-trigger';
import { shares } from '../../admin/src/areas/rules/editor/experiment';
import { exampleRules } from '../../shared/examples';

type Json = Record<string, unknown>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const copy = { title: 'T', body: 'B', cta: 'C' };
const ladder = (): Json => clone(exampleRules[0]!) as unknown as Json;
const event = (over: Json = {}): Json => ({
  id: 'exports',
  name: 'Exports',
  status: 'draft',
  priority: 10,
  trigger: { type: 'event', event: 'report_exported', count: 3, withinDays: 7 },
  offer: { type: 'upgrade', plan: 'next' },
  surface: 'toast',
  content: copy,
  ...over,
});
const tiers = (r: Json) => (r.trigger as { tiers: { at: Json }[] }).tiers;

describe('checkRule: the console’s own checks, by the server’s paths', () => {
  it.each<[string, Json]>([
    ['the example ladder', ladder()],
    ['an event rule', event()],
    ['guards overridden with reasons', event({ guards: { accountAgeDays: 0, openTickets: false, reasons: { accountAgeDays: 'a', openTickets: 'b' } } })],
    ['a ladder tier at exactly 100 %', (() => { const r = ladder(); tiers(r)[2]!.at = { percent: 100 }; return r; })()],
    ['variants with one weight above 0', event({ variants: [{ id: 'a', weight: 0 }, { id: 'b', weight: 2 }], holdout: 10 })],
  ])('accepts %s', (_name, rule) => {
    expect(checkRule(rule, [])).toEqual({});
  });

  it.each<[string, Json, string, RegExp]>([
    ['a ladder tier at 150 %', (() => { const r = ladder(); tiers(r)[2]!.at = { percent: 150 }; return r; })(), 'trigger.tiers.2.at', /at most 100 %/],
    ['tiers out of order', (() => { const r = ladder(); tiers(r)[1]!.at = { percent: 60 }; return r; })(), 'trigger.tiers.1.at', /ascending order: this one must be above 70 %/],
    ['a threshold that is not a number', (() => { const r = ladder(); tiers(r)[0]!.at = { percent: 'lots' }; return r; })(), 'trigger.tiers.0.at', /must be a number/],
    ['mixed threshold kinds', (() => { const r = ladder(); tiers(r)[1]!.at = { value: 9000 }; return r; })(), 'trigger.tiers.1.at', /same kind/],
    ['a taken id', event({ id: 'taken' }), 'id', /already exists/],
    ['an id with a space', event({ id: 'my rule' }), 'id', /lowercase letters/],
    ['no name', event({ name: ' ' }), 'name', /required/],
    ['a priority over 1000', event({ priority: 1001 }), 'priority', /at most 1000/],
    ['a fractional priority', event({ priority: 1.5 }), 'priority', /whole number/],
    ['an event name with a space', event({ trigger: { type: 'event', event: 'report exported', count: 3, withinDays: 7 } }), 'trigger.event', /Upshift.track/],
    ['a window of 91 days', event({ trigger: { type: 'event', event: 'e', count: 3, withinDays: 91 } }), 'trigger.withinDays', /at most 90/],
    ['a trial without days', event({ offer: { type: 'trial', feature: 'automations' } }), 'offer.days', /required/],
    ['an inline surface without a slot', event({ surface: 'inline' }), 'slot', /required/],
    ['a guard override without a reason', event({ guards: { minHealth: 20 } }), 'guards.reasons.minHealth', /reason is required/],
    ['a cap without a count', event({ frequency: { cap: { per: 'week' } } }), 'frequency.cap.count', /required/],
    ['a schedule ending before it starts', event({ schedule: { start: '2026-05-01T00:00:00Z', end: '2026-04-01T00:00:00Z' } }), 'schedule.end', /after the start/],
    ['variants that all weigh 0', event({ variants: [{ id: 'a', weight: 0 }] }), 'variants', /above 0/],
    ['two variants with one id', event({ variants: [{ id: 'a', weight: 1 }, { id: 'a', weight: 1 }] }), 'variants.1.id', /duplicate/],
    ['a holdout over 100', event({ holdout: 101 }), 'holdout', /at most 100/],
    ['empty English copy', event({ content: { ...copy, title: '' } }), 'content.title', /required in English/],
    ['an event rule without copy', event({ content: undefined }), 'content', /needs copy/],
  ])('refuses %s at %s', (_name, rule, path, message) => {
    const errors = checkRule(JSON.parse(JSON.stringify(rule)) as Json, ['taken']);
    expect(errors[path]).toMatch(message);
  });
});

describe('switchTrigger keeps what the new type can use and says what goes', () => {
  it('from a ladder to a forecast: keeps the metric and the top tier’s copy, drops the tiers', () => {
    const { rule, kept, dropped } = switchTrigger(ladder(), 'forecast');
    expect(rule.trigger).toEqual({ type: 'forecast', metric: 'api_calls' });
    expect(rule.content).toEqual((ladder().trigger as { tiers: { content: unknown }[] }).tiers[2]!.content);
    expect(kept).toEqual(['the metric', 'the top tier’s copy, as the rule’s']);
    expect(dropped).toContain('the tiers');
  });

  it('from an event to a ladder: the copy becomes the first tier’s, and the rule’s own copy and tone go', () => {
    const { rule, dropped } = switchTrigger(event({ tone: 'urgent' }), 'usage');
    expect(rule.trigger).toEqual({ type: 'usage', metric: '', tiers: [{ id: 'high', at: { percent: 80 }, tone: 'urgent', content: copy }] });
    expect(rule).not.toHaveProperty('content');
    expect(rule).not.toHaveProperty('tone');
    expect(dropped).toEqual(['the event name', 'the count', 'the days']);
  });

  it('from an event to a forecast: the days of an event window are not a forecast’s horizon', () => {
    expect(switchTrigger(event(), 'forecast').rule.trigger).toEqual({ type: 'forecast' });
  });
});

describe('the editor’s small pure parts', () => {
  it.each<[string, unknown]>([
    ['', undefined],
    ['  ', undefined],
    ['12', 12],
    ['1.5', 1.5],
    ['1.', 1],
    ['lots', 'lots'],
  ])('readNumber(%j) is %j', (raw, value) => expect(readNumber(raw)).toBe(value));

  it('withKey removes instead of setting undefined, and keeps key positions', () => {
    const r = { a: 1, b: 2, c: 3 };
    expect(Object.keys(withKey(r, 'b', 5))).toEqual(['a', 'b', 'c']);
    expect(withKey(r, 'b', undefined)).toStrictEqual({ a: 1, c: 3 });
    expect(withKey(r, 'z', undefined)).toBe(r);
  });

  it.each<[string, string]>([
    ['trigger.tiers.1.at.percent', 'trigger.tiers.1.at'],
    ['trigger.tiers.1.at', 'trigger.tiers.1.at'],
    ['offer.days', 'offer.days'],
  ])('fieldPath(%s) is %s', (path, field) => expect(fieldPath(path)).toBe(field));

  it.each<[string, string | null]>([
    ['priority', 'basics'],
    ['trigger.tiers.0.content.title', 'content'],
    ['trigger.tiers.0.at', 'trigger'],
    ['variants.1.weight', 'experiment'],
    ['variants.1.content.title', 'content'],
    ['guards.reasons.minHealth', 'guards'],
    ['slot', 'surface'],
    ['', null],
  ])('sectionOf(%s) is %s', (path, section) => expect(sectionOf(path)).toBe(section));

  it('places every field path the form shows, and the embedded parts’ only when they are there', () => {
    const embedded = { audience: true, content: true };
    expect(['id', 'trigger.tiers.3.at', 'guards.reasons.owned', 'frequency.cap.per', 'offer.feature'].every((p) => placed(p, embedded))).toBe(true);
    expect(placed('audience.all.0.attr', embedded)).toBe(true);
    expect(placed('audience.all.0.attr', { audience: false, content: true })).toBe(false);
    expect(placed('frequency', embedded)).toBe(false);
    expect(relativeErrors({ audience: 'deep', 'audience.all.0.attr': 'unknown', name: 'x' }, 'audience')).toEqual({ '': 'deep', 'all.0.attr': 'unknown' });
  });

  it('shows variant weights as shares of those shown', () => {
    expect(shares([1, 3])).toEqual(['25 %', '75 %']);
    expect(shares([0, 0])).toEqual(['—', '—']);
    expect(shares([1, 1, 1])).toEqual(['33.3 %', '33.3 %', '33.3 %']);
  });

  it('reads a schedule in the browser’s zone and stores the UTC instant', () => {
    const stored = '2026-03-01T08:30:00Z';
    expect(fromLocalInput(toLocalInput(stored))).toBe(stored);
    expect(fromLocalInput('')).toBeUndefined();
    expect(toLocalInput('not a date')).toBe('');
  });
});
