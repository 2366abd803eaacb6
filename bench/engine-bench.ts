import { performance } from 'node:perf_hooks';
import { evaluate } from '../shared/engine/evaluate';
import { Config } from '../shared/schemas/config';
import type { Context } from '../shared/schemas/context';
import type { Rule } from '../shared/schemas/rule';
import type { State } from '../shared/schemas/state';
import { seeded } from './events';
import { median, ratio, table } from './report';

const RULES = 1000;
const METRICS = 25;
const WARMUP = 300;
const RUNS = 2000;

/** A realistic large config: 1,000 ladders over 25 metrics, mixed statuses and priorities, some dismissed tiers. */
function build() {
  const rand = seeded(11);
  const metrics = Array.from({ length: METRICS }, (_, i) => ({ id: `m${i}`, name: `metric ${i}` }));
  const limits = Object.fromEntries(metrics.map((m) => [m.id, 1000 + Math.floor(rand() * 9000)]));
  const statuses = ['live', 'live', 'live', 'paused', 'draft'] as const;
  const rules: Rule[] = Array.from({ length: RULES }, (_, i) => ({
    id: `rule-${i}`,
    name: `Rule ${i}`,
    status: statuses[i % statuses.length]!,
    priority: Math.floor(rand() * 1000),
    surface: 'banner',
    offer: { type: 'upgrade', plan: i % 7 === 0 ? 'pro' : 'next' },
    trigger: {
      type: 'usage',
      metric: metrics[i % METRICS]!.id,
      tiers: [70, 85, 95].map((p, t) => ({
        id: `t${t}`,
        at: { percent: p + Math.floor(rand() * 4) },
        tone: (['inform', 'recommend', 'urgent'] as const)[t]!,
        content: { title: '{{percent}}% of {{metric}}', body: '{{usage}} of {{limit}}; {{offer.plan.name}} has more.', cta: 'See {{offer.plan.name}}' },
      })),
    },
  }));
  const config = Config.parse({
    schemaVersion: 1,
    version: 1,
    publishedAt: '2026-11-22T00:00:00Z',
    catalog: {
      metrics,
      features: [],
      plans: [
        { id: 'starter', name: 'Starter', limits, features: [] },
        { id: 'pro', name: 'Pro', limits: Object.fromEntries(metrics.map((m) => [m.id, limits[m.id]! * 10])), features: [] },
      ],
      nextSteps: [{ from: 'starter', to: 'pro' }],
    },
    rules,
  });
  const context: Context = {
    user: { id: 'u1', locale: 'en' },
    account: { id: 'a1', plan: 'starter' },
    usage: Object.fromEntries(metrics.map((m) => [m.id, Math.floor(limits[m.id]! * rand() * 1.1)])),
  };
  const state: State = { rules: Object.fromEntries(rules.filter((_, i) => i % 9 === 0).map((r) => [r.id, { dismissed: { t2: Date.UTC(2026, 10, 20) } }])) };
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

/**
 * 1,000 rules evaluated for one context, against the least any engine must do in the same run:
 * read each live rule's metric and compare it with its first tier.
 */
export function engineBench(): string {
  const { config, context, state } = build();
  const now = Date.UTC(2026, 10, 22, 12);
  let sink = 0;
  const engine = timeEach(() => {
    sink += evaluate(config, context, state, now).reasons.length;
  });
  const limits = config.catalog.plans[0]!.limits;
  const baseline = timeEach(() => {
    for (const rule of config.rules) {
      if (rule.status !== 'live') continue;
      const usage = context.usage?.[rule.trigger.metric] ?? 0;
      const first = rule.trigger.tiers[0]!.at;
      if ('percent' in first && (usage * 100) / limits[rule.trigger.metric]! >= first.percent) sink++;
    }
  });
  const decision = evaluate(config, context, state, now);
  const shown = decision.reasons.filter((r) => r.code === 'shown').length;
  const ms = (x: number) => `${x.toFixed(3)} ms`;
  return [
    `evaluate(): ${RULES} rules over ${METRICS} metrics for one context, median of ${RUNS} runs (${shown} shown, ${decision.reasons.length} reasons; sink ${sink % 10})`,
    table([
      ['', 'median', 'p95'],
      ['baseline: read and compare only', ms(median(baseline)), ms(quantile(baseline, 0.95))],
      ['evaluate() with reasons', ms(median(engine)), ms(quantile(engine, 0.95))],
    ]),
    `  ratio evaluate/baseline by median: ${ratio(median(engine) / median(baseline))}   (budget: median < 1 ms)`,
  ].join('\n');
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
