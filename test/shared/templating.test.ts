import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import type { Prompt } from '../../shared/engine/types';
import { Rule, type Copy } from '../../shared/schemas/rule';
import type { ForecastState, State } from '../../shared/schemas/state';
import { MINUTE, NOW, cfg, ctx, eventRule, featureRule, forecastRule, gateKey, richCatalog, rule, usageRule, type Ctx } from './fixtures';

// What a person reads: copy filled by the engine for their account and locale. Starter's limits
// are 10,000 API calls, 5 seats and 3 projects; the 5-seat pack adds 5 seats.

const fires: State = { rules: {}, counts: { report_exported: [1, 2, 3, 4, 5].map((m) => NOW - m * MINUTE) } };
const text = (body: string): Copy => ({ title: 'T', body, cta: 'Go' });

/** The body an event rule (which has no metric of its own) renders for this context. */
function eventBody(body: string, c: Ctx = {}): string | undefined {
  return evaluate(cfg([eventRule('r', 'report_exported', 5, 7, { content: text(body) })]), ctx(c), fires, NOW).prompt?.content.body;
}

/** The title a 70/85/95 % API-call ladder renders for this context. */
function ladderTitle(title: string, c: Ctx): string | undefined {
  const ladder = usageRule('ladder');
  if (ladder.trigger.type === 'usage') for (const tier of ladder.trigger.tiers) tier.content = { ...tier.content, title };
  return evaluate(cfg([ladder]), ctx(c), { rules: {} }, NOW).prompt?.content.title;
}

const projection = (days: number, confident = true): ForecastState => ({ perDay: 300, days, low: days - 1, high: days + 2, confident, weeks: Math.max(1, Math.round(days / 7)) });

/** The body of a forecast rule on API calls, with the given forecast in state. */
function forecastBody(body: string, forecast: ForecastState, locale?: string): string | undefined {
  const state: State = { rules: {}, forecast: { api_calls: forecast } };
  const c = ctx({ usage: { api_calls: 5_000 }, ...(locale !== undefined && { locale }) });
  return evaluate(cfg([forecastRule('fc', 'api_calls', 30, { content: text(body) })]), c, state, NOW).prompt?.content.body;
}

describe('{{usage.<metric>}} and {{limits.<metric>}}', () => {
  it.each([
    { name: 'a reading of any metric', body: '{{usage.seats}} seats', c: { usage: { seats: 4 } }, out: '4 seats' },
    { name: 'readings are numbers for the locale', body: '{{usage.api_calls}} calls', c: { usage: { api_calls: 12_345.5 }, locale: 'de' }, out: '12.345,5 calls' },
    { name: 'no reading', body: '[{{usage.seats}}]', c: {}, out: '[]' },
    { name: 'a metric the catalog does not know', body: '{{usage.storage}} GB', c: { usage: { storage: 12 } }, out: '12 GB' },
    { name: 'the plan limit', body: '{{limits.seats}} seats', c: {}, out: '5 seats' },
    { name: 'plan and add-on limits together', body: '{{limits.seats}} seats', c: { addons: ['seat_pack'] }, out: '10 seats' },
    { name: 'the context overrides the limit', body: '{{limits.api_calls}} calls', c: { limits: { api_calls: 25_000 } }, out: '25,000 calls' },
    { name: 'no limit for that metric', body: '[{{limits.storage}}]', c: {}, out: '[]' },
    { name: 'both in one sentence', body: '{{usage.projects}} of {{limits.projects}} projects', c: { usage: { projects: 2 } }, out: '2 of 3 projects' },
  ])('$name: "$body" reads "$out"', ({ body, c, out }) => {
    expect(eventBody(body, c)).toBe(out);
  });

  it('keeps {{usage}}, {{limit}}, {{remaining}} and {{metric}} for the rule’s own metric', () => {
    const ladder = usageRule('ladder', {}, 'seats', [70]);
    if (ladder.trigger.type === 'usage') ladder.trigger.tiers[0]!.content = text('{{usage}} of {{limit}} {{metric}}, {{remaining}} left; {{usage.api_calls}} calls of {{limits.api_calls}}');
    const prompt = evaluate(cfg([ladder]), ctx({ usage: { seats: 4, api_calls: 900 } }), { rules: {} }, NOW).prompt;

    expect(prompt?.content.body).toBe('4 of 5 seats, 1 left; 900 calls of 10,000');
  });

  it('renders nothing for {{usage}} and {{limit}} when the rule has no metric', () => {
    expect(eventBody('[{{usage}}|{{limit}}|{{remaining}}|{{metric}}|{{percent}}]', { usage: { seats: 4 } })).toBe('[||||]');
  });
});

describe('{{percent}}: a percentage for the reader’s locale', () => {
  it.each([
    { locale: 'en', title: '{{percent}} used', out: '87% used' },
    { locale: 'de', title: '{{percent}} used', out: '87\u00a0% used' },
    { locale: 'fr', title: '{{percent}} used', out: '87\u00a0% used' },
    { locale: 'de-CH', title: '{{percent}} used', out: '87% used' },
    { locale: 'en', title: '{{percent}}% used', out: '87% used' }, // copy written before: the sign is not doubled
    { locale: 'de', title: '{{percent}}% used', out: '87\u00a0% used' },
    { locale: 'fr', title: '{{percent}} % used', out: '87\u00a0% used' },
    { locale: 'en-x', title: '{{percent}}% used', out: '87% used' }, // a tag Intl rejects reads English
  ])('$locale: "$title" reads "$out"', ({ locale, title, out }) => {
    expect(ladderTitle(title, { usage: { api_calls: 8_799 }, locale })).toBe(out);
  });

  it.each([
    { usage: 7_000, out: '70%' },
    { usage: 9_999, out: '99%' }, // whole percent, rounded down as the ladder reads it
    { usage: 12_345, out: '123%' },
    { usage: 123_400, out: '1,234%' },
  ])('$usage of 10,000 reads $out', ({ usage, out }) => {
    expect(ladderTitle('{{percent}}', { usage: { api_calls: usage } })).toBe(out);
  });
});

describe('{{forecast.date}}, {{forecast.days}} and {{forecast.weeks}}', () => {
  // NOW is 2026-03-10 12:00 UTC: twelve days on is the 22nd wherever the reader is.
  it.each([
    { locale: 'en', out: 'Mar 22, 2026 (12 days, about 2 weeks)' },
    { locale: 'de', out: '22.03.2026 (12 days, about 2 weeks)' },
    { locale: 'fr', out: '22 mars 2026 (12 days, about 2 weeks)' },
    { locale: undefined, out: 'Mar 22, 2026 (12 days, about 2 weeks)' },
  ])('$locale reads "$out"', ({ locale, out }) => {
    expect(forecastBody('{{forecast.date}} ({{forecast.days}} days, about {{forecast.weeks}} weeks)', projection(12), locale)).toBe(out);
  });

  it.each([
    { days: 11.6, out: 'Mar 22, 2026' }, // whole days, as {{forecast.days}} rounds them
    { days: 0, out: 'Mar 10, 2026' },
    { days: 30, out: 'Apr 9, 2026' },
  ])('$days days from now is $out', ({ days, out }) => {
    expect(forecastBody('{{forecast.date}}', projection(days))).toBe(out);
  });

  it('names no date from a forecast that is not confident', () => {
    const state: State = { rules: {}, forecast: { api_calls: projection(12, false) } };
    const ladder = usageRule('ladder');
    if (ladder.trigger.type === 'usage') for (const tier of ladder.trigger.tiers) tier.content = text('[{{forecast.date}}|{{forecast.days}}]');

    expect(evaluate(cfg([ladder]), ctx({ usage: { api_calls: 9_000 } }), state, NOW).prompt?.content.body).toBe('[|]');
  });
});

describe('template injection', () => {
  it.each([
    '{{constructor}}',
    '{{constructor.constructor}}',
    '{{__proto__}}',
    '{{__proto__.constructor}}',
    '{{toString}}',
    '{{valueOf}}',
    '{{hasOwnProperty}}',
    '{{usage.constructor}}',
    '{{usage.__proto__}}',
    '{{usage.toString}}',
    '{{limits.constructor}}',
    '{{limits.__proto__}}',
    '{{limits.hasOwnProperty}}',
    '{{plan.constructor.name}}',
    '{{offer.plan.__proto__.toString}}',
    '{{feature.constructor}}',
    '{{metric.length}}',
    '{{forecast.constructor}}',
  ])('%s resolves to empty text', (placeholder) => {
    expect(eventBody(`a${placeholder}b`, { usage: { seats: 4 } })).toBe('ab');
  });

  it.each([
    { name: 'a call', body: "{{constructor.constructor('return 1')()}}" },
    { name: 'markup', body: '<img src=x onerror=alert(1)>{{plan.name}}' },
    { name: 'a placeholder inside a value', body: '{{plan.name}}' },
  ])('never evaluates $name', ({ body }) => {
    const catalog = richCatalog();
    catalog.plans[0]!.name = '{{constructor.constructor}}';
    const out = evaluate(cfg([eventRule('r', 'report_exported', 5, 7, { content: text(body) })], { catalog }), ctx(), fires, NOW).prompt?.content.body;

    expect(out).toBe(body.replace('{{plan.name}}', '{{constructor.constructor}}'));
  });

  it('reads no inherited metric names from the context', () => {
    const usage = Object.create({ inherited: 99 }) as Record<string, number>;
    usage.seats = 4;

    expect(eventBody('[{{usage.inherited}}|{{usage.seats}}]', { usage })).toBe('[|4]');
  });
});

describe('banner position', () => {
  const banner = (patch: Partial<Rule>): Rule => eventRule('r', 'report_exported', 5, 7, patch);

  it.each([
    { name: 'a banner at the top', patch: { position: 'top' as const }, paths: null },
    { name: 'a banner at the bottom', patch: { position: 'bottom' as const }, paths: null },
    { name: 'a banner without a position', patch: {}, paths: null },
    { name: 'a toast with a position', patch: { surface: 'toast' as const, position: 'top' as const }, paths: [['position']] },
    { name: 'a modal with a position', patch: { surface: 'modal' as const, position: 'bottom' as const }, paths: [['position']] },
    { name: 'an inline rule with a position', patch: { surface: 'inline' as const, slot: 'sidebar', position: 'top' as const }, paths: [['position']] },
    { name: 'a position that is not top or bottom', patch: { position: 'middle' } as unknown as Partial<Rule>, paths: [['position']] },
  ])('the schema takes $name: $paths', ({ patch, paths }) => {
    const result = Rule.safeParse(banner(patch));

    expect(result.success ? null : result.error.issues.map((i) => i.path)).toEqual(paths);
  });

  it.each([
    { patch: { position: 'top' as const }, position: 'top' },
    { patch: { position: 'bottom' as const }, position: 'bottom' },
    { patch: {}, position: 'bottom' }, // the default
  ])('a banner prompt sits at the $position', ({ patch, position }) => {
    expect(evaluate(cfg([banner(patch)]), ctx(), fires, NOW).prompt?.position).toBe(position);
  });

  it.each(['toast', 'modal'] as const)('a %s prompt has no position', (surface) => {
    const prompt = evaluate(cfg([banner({ surface })]), ctx(), fires, NOW).prompt;

    expect(prompt?.surface).toBe(surface);
    expect(prompt).not.toHaveProperty('position');
  });
});

describe('the feature a prompt is about', () => {
  const catalog = richCatalog();
  const reports = catalog.features.find((f) => f.id === 'scheduled_reports')!;
  reports.quote = '“We stopped screenshotting dashboards.” — Dana, Acme';
  const attempt: State = { rules: {}, counts: { [gateKey('scheduled_reports')]: [NOW - MINUTE] } };

  it.each<{ name: string; make: () => Rule; state: State }>([
    { name: 'a feature gate', make: () => featureRule('gate', 'scheduled_reports', { surface: 'modal' }), state: attempt },
    { name: 'a trial offer', make: () => rule('trial', { type: 'event', event: 'report_exported', count: 5, withinDays: 7 }, { offer: { type: 'trial', feature: 'scheduled_reports', days: 14 } }), state: fires },
  ])('$name carries its name, description and quote', ({ make, state }) => {
    const prompt: Prompt | null | undefined = evaluate(cfg([make()], { catalog }), ctx(), state, NOW).prompt;

    expect(prompt?.feature).toEqual({
      id: 'scheduled_reports',
      name: 'Scheduled reports',
      description: 'Email any dashboard as a PDF every morning.',
      quote: '“We stopped screenshotting dashboards.” — Dana, Acme',
    });
  });

  it('fills {{feature.description}} and {{feature.quote}}', () => {
    const gate = featureRule('gate', 'scheduled_reports', { content: text('{{feature.name}}: {{feature.description}} {{feature.quote}}') });

    expect(evaluate(cfg([gate], { catalog }), ctx(), attempt, NOW).prompt?.content.body).toBe(
      'Scheduled reports: Email any dashboard as a PDF every morning. “We stopped screenshotting dashboards.” — Dana, Acme',
    );
  });
});
