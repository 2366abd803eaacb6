import { performance } from 'node:perf_hooks';
import type { evaluate as Evaluate } from '../shared/engine/evaluate';
import { bundledEngine } from './engine-bundle';
import { own } from '../shared/engine/own';
import { gateCountKey } from '../shared/engine/triggers';
import type { Condition } from '../shared/schemas/condition';
import { Config } from '../shared/schemas/config';
import type { Context } from '../shared/schemas/context';
import type { Offer, Rule, Surface, Trigger } from '../shared/schemas/rule';
import type { State } from '../shared/schemas/state';
import { seeded } from './events';
import { median, ratio, table } from './report';

const RULES = 1000;
const METRICS = 25;
const FEATURES = 30;
const EVENTS = 20;
const WARMUP = 300;
const RUNS = 2000;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 22, 12);

const TRIGGERS = ['usage', 'usage', 'usage', 'usage', 'event', 'event', 'feature', 'milestone', 'forecast', 'usage'] as const;
const COPY = { title: '{{offer.plan.name}} for {{plan.name}} teams', body: 'You did this {{count}} times; {{offer.name}} helps.', cta: 'See {{offer.plan.name}}' };

/**
 * A large v2 config as a busy environment would publish it: 1,000 rules (a fifth paused), half of
 * them usage ladders over 25 metrics and the rest event counts, feature gates, milestones and
 * forecasts; audiences of one to three comparisons on a third, the playbook's guards on all
 * (overridden on a tenth), frequency caps on a third, variants with a holdout on a fifth, every
 * offer type and surface (eight inline slots). The person has history on 50 rules (dismissals,
 * impressions today and this week), event times, a locked-feature attempt and forecasts.
 */
export function build() {
  const rand = seeded(11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const metrics = Array.from({ length: METRICS }, (_, i) => ({ id: `m${i}`, name: `metric ${i}` }));
  const features = Array.from({ length: FEATURES }, (_, i) => ({ id: `f${i}`, name: `Feature ${i}` }));
  const events = Array.from({ length: EVENTS }, (_, i) => `event_${i}`);
  const limits = Object.fromEntries(metrics.map((m) => [m.id, 1000 + Math.floor(rand() * 9000)]));
  const scaled = (k: number) => Object.fromEntries(metrics.map((m) => [m.id, limits[m.id]! * k]));
  const ids = (from: number, to: number) => features.slice(from, to).map((f) => f.id);

  const audiences: Condition[] = [
    { attr: 'account.traits.employees', op: 'gte', value: 50 },
    { all: [{ attr: 'user.role', op: 'in', value: ['admin', 'owner'] }, { attr: 'account.traits.industry', op: 'neq', value: 'government' }] },
    { any: [{ attr: 'ratio.m3', op: 'gte', value: 60 }, { attr: 'usage.m4', op: 'gte', value: 500 }, { attr: 'readiness', op: 'gte', value: 70 }] },
    { attr: 'user.traits.email', op: 'matches', value: '@(acme|globex)\\.com$' },
    { not: { attr: 'account.createdAt', op: 'after', value: '-180d' } },
  ];
  const offerFor = (i: number, trigger: Trigger): Offer => {
    if (trigger.type === 'feature') return i % 2 ? { type: 'upgrade', plan: 'next' } : { type: 'trial', feature: trigger.feature, days: 14 };
    return pick<Offer>([
      { type: 'upgrade', plan: 'next' },
      { type: 'upgrade', plan: 'next' },
      { type: 'upgrade', plan: 'pro' },
      { type: 'addon', addon: `addon-${i % 5}` },
      { type: 'seats', addon: 'seat-pack' },
      { type: 'trial', feature: `f${5 + (i % 20)}`, days: 14 },
      { type: 'contact_sales' },
    ]);
  };
  const triggerFor = (i: number): Trigger => {
    const metric = metrics[i % METRICS]!.id;
    switch (TRIGGERS[i % TRIGGERS.length]!) {
      case 'event':
        return { type: 'event', event: events[i % EVENTS]!, count: 2 + Math.floor(rand() * 8), withinDays: pick([7, 14, 30]) };
      case 'feature':
        return { type: 'feature', feature: `f${5 + (i % 25)}` };
      case 'milestone':
        return i % 3 ? { type: 'milestone', attr: `usage.${metric}`, at: Math.floor(limits[metric]! * (0.3 + rand())) } : { type: 'milestone', attr: 'account.ageDays', at: 365 };
      case 'forecast':
        return { type: 'forecast', metric, withinDays: pick([14, 21, 30]) };
      default:
        return {
          type: 'usage',
          metric,
          tiers: [70, 85, 95].map((p, t) => ({
            id: `t${t}`,
            at: { percent: p + Math.floor(rand() * 4) },
            tone: (['inform', 'recommend', 'urgent'] as const)[t]!,
            content: { title: '{{percent}}% of {{metric}}', body: '{{usage}} of {{limit}}; {{offer.plan.name}} has more.', cta: 'See {{offer.plan.name}}' },
          })),
        };
    }
  };

  const rules: Rule[] = Array.from({ length: RULES }, (_, i) => {
    const trigger = triggerFor(i);
    const surface: Surface = trigger.type === 'feature' ? pick(['modal', 'panel'] as const) : pick(['banner', 'banner', 'toast', 'modal', 'inline'] as const);
    const rule: Rule = {
      id: `rule-${i}`,
      name: `Rule ${i}`,
      status: i % 5 === 4 ? 'paused' : 'live',
      priority: Math.floor(rand() * 1000),
      trigger,
      offer: offerFor(i, trigger),
      surface,
      ...(surface === 'inline' && { slot: `slot-${i % 8}` }),
      ...(trigger.type !== 'usage' && { content: COPY }),
    };
    if (i % 3 === 0) rule.audience = audiences[i % audiences.length]!;
    if (i % 10 === 3) rule.guards = { accountAgeDays: 30, openTickets: false };
    if (i % 3 === 1) rule.frequency = { cap: { count: 3, per: 'week' }, cooldownDays: 14 };
    if (i % 5 === 2) {
      rule.variants = [
        { id: 'control', weight: 50 },
        { id: 'bold', weight: 50, ...(trigger.type === 'usage' ? { tiers: { t2: { ...COPY, title: 'Act now' } } } : { content: { ...COPY, title: 'Act now' } }) },
      ];
      rule.holdout = 10;
    }
    return rule;
  });

  const config = Config.parse({
    schemaVersion: 2,
    version: 1,
    publishedAt: '2026-11-22T00:00:00Z',
    catalog: {
      metrics,
      features,
      plans: [
        { id: 'starter', name: 'Starter', limits, features: ids(0, 5) },
        { id: 'pro', name: 'Pro', limits: scaled(10), features: ids(0, 20), checkoutUrl: '/billing?plan=pro' },
        { id: 'business', name: 'Business', limits: scaled(100), features: ids(0, FEATURES), checkoutUrl: '/billing?plan=business' },
      ],
      addons: [
        ...Array.from({ length: 5 }, (_, i) => ({ id: `addon-${i}`, name: `Add-on ${i}`, features: ids(20 + 2 * i, 22 + 2 * i) })),
        { id: 'seat-pack', name: 'Seat pack', features: [], limits: { m1: 5 } },
      ],
      nextSteps: [
        { from: 'starter', to: 'business', segment: { attr: 'account.traits.employees', op: 'gte', value: 500 } },
        { from: 'starter', to: 'pro' },
        { from: 'pro', to: 'business' },
      ],
      salesUrl: '/contact-sales',
    },
    rules,
    settings: { budget: { day: 2, week: 5 } },
  });

  const context: Context = {
    user: { id: 'u1', role: 'admin', locale: 'en', traits: { email: 'dana@acme.com' } },
    account: { id: 'a1', plan: 'starter', createdAt: '2025-03-01T00:00:00Z', health: 75, openTickets: 0, traits: { employees: 120, industry: 'retail' }, addons: ['addon-1'] },
    usage: Object.fromEntries(metrics.map((m) => [m.id, Math.floor(limits[m.id]! * rand() * 1.1)])),
  };
  const ago = (maxDays: number) => NOW - Math.floor(rand() * maxDays * DAY);
  const state: State = {
    rules: Object.fromEntries(
      rules
        .filter((_, i) => i % 20 === 0)
        .map((r, k) => [r.id, k % 3 === 0 ? { dismissed: { t2: ago(20) }, dismissedAt: ago(20), impressions: [ago(20)] } : { impressions: [ago(1), ago(6), ago(30)].sort((a, b) => b - a) }]),
    ),
    counts: {
      ...Object.fromEntries(events.map((e) => [e, Array.from({ length: Math.floor(rand() * 12) }, () => ago(30)).sort((a, b) => b - a)])),
      [gateCountKey('f7')]: [NOW - 5 * 60_000],
    },
    forecast: Object.fromEntries(metrics.slice(0, 10).map((m, i) => [m.id, { perDay: 40, days: 5 + i * 4, low: 4 + i * 3, high: 7 + i * 5, confident: i % 4 !== 3, weeks: Math.max(1, Math.round((5 + i * 4) / 7)) }])),
    readiness: 72,
  };
  return { config, context, state };
}

function timeEach(fn: () => void): number[] {
  for (let i = 0; i < WARMUP; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

/** The least any engine must do for one rule: read its signal and compare it with the first threshold. */
function signalHolds(rule: Rule, context: Context, state: State, limits: Readonly<Record<string, number>>): boolean {
  const t = rule.trigger;
  switch (t.type) {
    case 'usage': {
      const first = t.tiers[0]!.at;
      return 'percent' in first && ((own(context.usage, t.metric) ?? 0) * 100) / limits[t.metric]! >= first.percent;
    }
    case 'event': {
      const since = NOW - t.withinDays * DAY;
      let n = 0;
      for (const at of own(state.counts, t.event) ?? []) if (at >= since) n++;
      return n >= t.count;
    }
    case 'feature':
      return (own(state.counts, gateCountKey(t.feature))?.length ?? 0) > 0;
    case 'milestone': {
      const value = t.attr.startsWith('usage.') ? own(context.usage, t.attr.slice('usage.'.length)) : Math.floor((NOW - Date.parse(context.account.createdAt ?? '')) / DAY);
      return (value ?? 0) >= t.at;
    }
    case 'forecast':
      return (own(state.forecast, t.metric)?.days ?? Infinity) <= t.withinDays;
  }
}

/**
 * 1,000 rules evaluated for one context, against the least any engine must do in the same run:
 * read each live rule's signal (usage, event times, attempts, milestone value, forecast) and
 * compare it with its first threshold.
 */
export async function engineBench(): Promise<string> {
  const { config, context, state } = build();
  // Two builds of the one engine: with the facts behind each reason (the server, the explainer) and
  // without them (upshift.js, see shared/engine/facts.ts). Both must decide the same.
  const evaluate: typeof Evaluate = await bundledEngine(false);
  const lean: typeof Evaluate = await bundledEngine(true);
  let sink = 0;
  const engine = timeEach(() => {
    sink += evaluate(config, context, state, NOW).reasons.length;
  });
  const widget = timeEach(() => {
    sink += lean(config, context, state, NOW).reasons.length;
  });
  const limits = config.catalog.plans[0]!.limits;
  const baseline = timeEach(() => {
    for (const rule of config.rules) if (rule.status === 'live' && signalHolds(rule, context, state, limits)) sink++;
  });
  const decision = evaluate(config, context, state, NOW);
  const same = JSON.stringify(lean(config, context, state, NOW).reasons.map((r) => r.code)) === JSON.stringify(decision.reasons.map((r) => r.code));
  const codes = new Map<string, number>();
  for (const r of decision.reasons) codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
  const top = [...codes].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([code, n]) => `${code} ${n}`).join(', ');
  const mix = TRIGGERS.reduce<Record<string, number>>((m, t) => ({ ...m, [t]: (m[t] ?? 0) + RULES / TRIGGERS.length }), {});
  const ms = (x: number) => `${x.toFixed(3)} ms`;
  return [
    `evaluate() as shipped (shared/engine bundled by Vite): ${RULES} v2 rules (${Object.entries(mix).map(([t, n]) => `${n} ${t}`).join(', ')}) over ${METRICS} metrics for one context, median of ${RUNS} runs`,
    `  decision: ${decision.prompt ? `prompt ${decision.prompt.ruleId}` : 'no prompt'}, ${decision.placed.length} placed; reasons: ${top}, … (sink ${sink % 10}); both builds decide alike: ${same ? 'yes' : 'NO'}`,
    table([
      ['', 'median', 'p95'],
      ['baseline: read and compare only', ms(median(baseline)), ms(quantile(baseline, 0.95))],
      ['evaluate(), server build (reasons with facts)', ms(median(engine)), ms(quantile(engine, 0.95))],
      ['evaluate(), upshift.js build (reason codes)', ms(median(widget)), ms(quantile(widget, 0.95))],
    ]),
    `  ratio evaluate/baseline by median: server ${ratio(median(engine) / median(baseline))}, widget ${ratio(median(widget) / median(baseline))}   (budget: median < 1 ms)`,
  ].join('\n');
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
