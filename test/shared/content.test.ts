import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import type { Copy, Rule } from '../../shared/schemas/rule';
import type { ForecastState, State } from '../../shared/schemas/state';
import { MINUTE, NOW, NO_STATE, cfg, ctx, eventRule, featureRule, forecastRule, gateKey, ladderOf, milestoneRule, usageRule, type Ctx } from './fixtures';

const fires: State = { rules: {}, counts: { report_exported: [1, 2, 3, 4, 5, 6].map((m) => NOW - m * MINUTE) } };
const copy = (title: string, locales?: Copy['locales']): Copy => ({ title, body: `${title} body`, cta: `${title} cta`, ...(locales && { locales }) });

describe('the copy for the reader\'s locale', () => {
  const translated = copy('Hello', { de: copy('Hallo'), 'de-CH': copy('Grüezi'), 'pt-BR': copy('Olá') });

  it.each([
    { locale: 'de-CH', title: 'Grüezi' }, // exact
    { locale: 'de-AT', title: 'Hallo' }, // language fallback
    { locale: 'de', title: 'Hallo' },
    { locale: 'pt-BR', title: 'Olá' },
    { locale: 'pt-PT', title: 'Hello' }, // no "pt", so the default
    { locale: 'en', title: 'Hello' },
    { locale: 'fr-CA', title: 'Hello' },
    { locale: undefined, title: 'Hello' },
  ])('$locale reads "$title"', ({ locale, title }) => {
    const decision = evaluate(cfg([eventRule('r', 'report_exported', 5, 7, { content: translated })]), ctx(locale ? { locale } : {}), fires, NOW);

    expect(decision.prompt?.content).toEqual({ title, body: `${title} body`, cta: `${title} cta` });
  });

  it('does not fall back from a language to one of its regions', () => {
    const decision = evaluate(cfg([eventRule('r', 'report_exported', 5, 7, { content: copy('Hello', { 'de-CH': copy('Grüezi') }) })]), ctx({ locale: 'de' }), fires, NOW);

    expect(decision.prompt?.content.title).toBe('Hello');
  });

  it.each([
    { locale: 'de-CH', title: 'Achtung: 97%' }, // Swiss German writes no space before the sign
    { locale: 'de', title: 'Achtung: 97\u00a0%' },
    { locale: 'en', title: 'tier p95 at 97%' },
  ])('a ladder tier has translations too: $locale reads "$title"', ({ locale, title }) => {
    const rule = usageRule('ladder');
    const top = ladderOf(rule).tiers[2]!;
    top.content = { ...top.content, locales: { de: { title: 'Achtung: {{percent}}%', body: 'b', cta: 'c' } } };
    const decision = evaluate(cfg([rule]), ctx({ locale, usage: { api_calls: 9_700 } }), NO_STATE, NOW);

    expect(decision.prompt?.content.title).toBe(title);
  });
});

describe('template variables', () => {
  const confident: ForecastState = { perDay: 250, days: 20, low: 18, high: 23, confident: true, weeks: 3 };
  const unsure: ForecastState = { ...confident, high: 90, confident: false };

  it.each<{ name: string; rule: Rule; o?: Ctx; state?: State; text: string; out: string }>([
    { name: '{{percent}} of a ladder', rule: usageRule('r'), o: { usage: { api_calls: 9_700 } }, text: '{{percent}}%', out: '97%' },
    { name: '{{usage}} and {{limit}} in Swiss German', rule: usageRule('r'), o: { locale: 'de-CH', usage: { api_calls: 9_700 } }, text: '{{usage}} / {{limit}}', out: "9'700 / 10'000" },
    { name: '{{remaining}} and {{metric}}', rule: usageRule('r'), o: { usage: { api_calls: 9_700 } }, text: '{{remaining}} {{metric}} left', out: '300 API calls left' },
    { name: '{{offer.name}} of an upgrade', rule: usageRule('r'), o: { usage: { api_calls: 9_700 } }, text: 'Get {{offer.name}}', out: 'Get Pro' },
    { name: '{{offer.name}} of an add-on', rule: eventRule('r', 'report_exported', 5, 7, { offer: { type: 'addon', addon: 'audit' } }), text: 'Add {{offer.name}}', out: 'Add Audit add-on' },
    { name: '{{offer.name}} and {{offer.days}} of a trial', rule: eventRule('r', 'report_exported', 5, 7, { offer: { type: 'trial', feature: 'scheduled_reports', days: 14 } }), text: '{{offer.days}} days of {{offer.name}} on {{offer.plan.name}}', out: '14 days of Scheduled reports on Pro' },
    { name: '{{plan.name}}: the account\'s plan', rule: eventRule('r'), o: { plan: 'pro' }, text: 'On {{plan.name}} ({{plan.id}})', out: 'On Pro (pro)' },
    { name: '{{plan.name}} of a plan missing from the catalog', rule: eventRule('r', 'report_exported', 5, 7, { offer: { type: 'upgrade', plan: 'pro' } }), o: { plan: 'legacy' }, text: 'On {{plan.name}}', out: 'On legacy' },
    { name: '{{feature.name}} at a feature gate', rule: featureRule('r'), state: { rules: {}, counts: { [gateKey('scheduled_reports')]: [NOW - MINUTE] } }, text: '{{feature.name}} is on {{offer.name}}', out: 'Scheduled reports is on Pro' },
    { name: '{{feature.description}} at a feature gate', rule: featureRule('r'), state: { rules: {}, counts: { [gateKey('scheduled_reports')]: [NOW - MINUTE] } }, text: '{{feature.description}}', out: 'Email any dashboard as a PDF every morning.' },
    { name: '{{count}} of an event', rule: eventRule('r'), text: '{{count}} exports', out: '6 exports' },
    { name: '{{value}} of a milestone', rule: milestoneRule('r', 'usage.seats', 10), o: { usage: { seats: 12 } }, text: '{{value}} seats', out: '12 seats' },
    { name: '{{days}} of a forecast trigger', rule: forecastRule('r'), state: { rules: {}, forecast: { api_calls: confident } }, text: 'in {{days}} days', out: 'in 20 days' },
    { name: '{{forecast.weeks}} when confident', rule: usageRule('r'), o: { usage: { api_calls: 9_000 } }, state: { rules: {}, forecast: { api_calls: confident } }, text: 'in about {{forecast.weeks}} weeks', out: 'in about 3 weeks' },
    { name: '{{forecast.days}} when confident', rule: usageRule('r'), o: { usage: { api_calls: 9_000 } }, state: { rules: {}, forecast: { api_calls: confident } }, text: '{{forecast.days}} days', out: '20 days' },
    { name: '{{forecast.weeks}} stays empty when not confident', rule: usageRule('r'), o: { usage: { api_calls: 9_000 } }, state: { rules: {}, forecast: { api_calls: unsure } }, text: 'in about {{forecast.weeks}} weeks', out: 'in about  weeks' },
    { name: '{{forecast.weeks}} stays empty without a forecast', rule: usageRule('r'), o: { usage: { api_calls: 9_000 } }, text: '[{{forecast.weeks}}]', out: '[]' },
    { name: '{{forecast.weeks}} reads the metric of the rule, not another', rule: usageRule('r'), o: { usage: { api_calls: 9_000 } }, state: { rules: {}, forecast: { seats: confident } }, text: '[{{forecast.weeks}}]', out: '[]' },
    { name: 'an unknown placeholder', rule: eventRule('r'), text: 'x{{nope}}y', out: 'xy' },
    { name: 'a ladder value that only other triggers have', rule: usageRule('r'), o: { usage: { api_calls: 9_000 } }, text: 'x{{count}}{{days}}{{feature.name}}y', out: 'xy' },
  ])('$name', ({ rule, o, state, text, out }) => {
    const content = { title: text, body: text, cta: 'Go' };
    const withCopy: Rule = rule.trigger.type === 'usage' ? { ...rule, trigger: { ...rule.trigger, tiers: rule.trigger.tiers.map((t) => ({ ...t, content })) } } : { ...rule, content };
    const decision = evaluate(cfg([withCopy]), ctx(o ?? {}), state ?? fires, NOW);

    expect(decision.prompt?.content).toEqual({ title: out, body: out, cta: 'Go' });
  });
});

describe('tone', () => {
  it.each([
    { name: 'a rule without tiers defaults to recommend', rule: eventRule('r'), o: {}, tone: 'recommend' },
    { name: 'a rule without tiers says its own tone', rule: eventRule('r', 'report_exported', 5, 7, { tone: 'urgent' }), o: {}, tone: 'urgent' },
    { name: 'a ladder tier says its own tone', rule: usageRule('r', { tone: 'urgent' }), o: { usage: { api_calls: 7_500 } }, tone: 'inform' },
  ] as const)('$name', ({ rule, o, tone }) => {
    expect(evaluate(cfg([rule]), ctx(o), fires, NOW).prompt?.tone).toBe(tone);
  });
});
