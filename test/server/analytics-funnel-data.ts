import { randomUUID } from 'node:crypto';
import type { FunnelStage, Stages } from '../../shared/schemas/analytics';
import type { RawEvent } from '../helpers/events';
import { seeded } from '../helpers/random';
import { DAY, dayOf, iso, NOW, RULE_TRIGGERS } from './analytics-helpers';

/** One count the funnel must show: a stored event, trial, admin request or credited expansion, with its dimensions as expected. */
export interface Fact {
  day: string;
  ruleId: string;
  variant: string;
  tier: string;
  surface: string;
  locale: string;
  trigger: string;
  stage: FunnelStage;
}

const RULES = [
  { id: 'api-usage-ladder', surface: 'banner', tiers: ['p70', 'p85', 'p95'], variants: [undefined] },
  { id: 'try-reports-ab', surface: 'panel', tiers: [undefined], variants: ['short', 'long'] },
  { id: 'try-alerts', surface: 'panel', tiers: [undefined], variants: [undefined] },
] as const;
const LOCALES = ['en', 'de-CH', undefined] as const;

/**
 * Prompt events and exposures over the 45 days to `NOW`, from a seeded PRNG: random times of day,
 * and a share at the very edges of UTC days. Some exposures of the ladder say `forecast` (the event's
 * trigger wins over the rule's); some exposures of the A/B rule are held out; a third of clicks opened a checkout.
 */
export function generateEvents(seed: number, n: number): RawEvent[] {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const events: RawEvent[] = [];
  for (let i = 0; i < n; i++) {
    const rule = pick(RULES);
    const dayStart = Math.floor(NOW / DAY) * DAY - Math.floor(random() * 45) * DAY;
    const edge = random();
    const offset = edge < 0.1 ? 0 : edge < 0.2 ? DAY - 1 : Math.floor(random() * DAY);
    const at = Math.min(dayStart + offset, NOW);
    const type = pick(['exposure', 'exposure', 'impression', 'impression', 'click', 'dismiss'] as const);
    const tier = pick(rule.tiers);
    let variant: string | undefined = pick(rule.variants);
    const locale = pick(LOCALES);
    const account = `acct-${Math.floor(random() * 12)}`;
    const event: RawEvent = { id: randomUUID(), at: iso(at), userId: `${account}-user-${Math.floor(random() * 3)}`, accountId: account, type, ruleId: rule.id, surface: rule.surface, configVersion: 1 };
    if (type === 'exposure') {
      if (rule.id === 'try-reports-ab' && random() < 0.25) variant = 'holdout';
      event['trigger'] = rule.id === 'api-usage-ladder' && random() < 0.3 ? 'forecast' : RULE_TRIGGERS[rule.id];
    }
    if (type === 'click' && random() < 0.33) event['props'] = { action: 'checkout' };
    if (tier) event['tier'] = tier;
    if (variant) event['variant'] = variant;
    if (locale) event['locale'] = locale;
    events.push(event);
  }
  return events;
}

const STAGE: Readonly<Record<string, FunnelStage>> = { exposure: 'exposed', impression: 'impression', click: 'click' };

/**
 * What the stored events count, written from the rules the funnel documents: one exposure per
 * person, rule and UTC day (the first sent wins), a checkout click counts as a click and an action,
 * dismissals count nowhere, a trigger is the event's else the rule's.
 */
export function eventFacts(events: readonly RawEvent[]): Fact[] {
  const facts: Fact[] = [];
  const exposed = new Set<string>();
  const str = (e: RawEvent, k: string) => (typeof e[k] === 'string' ? (e[k] as string) : '');
  for (const e of events) {
    const stage = STAGE[str(e, 'type')];
    if (!stage) continue;
    const day = str(e, 'at').slice(0, 10);
    if (stage === 'exposed') {
      const key = `${str(e, 'ruleId')}|${str(e, 'accountId')}|${str(e, 'userId')}|${day}`;
      if (exposed.has(key)) continue;
      exposed.add(key);
    }
    const fact: Fact = {
      day,
      ruleId: str(e, 'ruleId'),
      variant: str(e, 'variant'),
      tier: str(e, 'tier'),
      surface: str(e, 'surface'),
      locale: str(e, 'locale'),
      trigger: str(e, 'trigger') || RULE_TRIGGERS[str(e, 'ruleId')]!,
      stage,
    };
    facts.push(fact);
    if (stage === 'click' && (e['props'] as { action?: string } | undefined)?.action === 'checkout') facts.push({ ...fact, stage: 'action' });
  }
  return facts;
}

export interface Selection {
  from: string;
  to: string;
  rule?: string;
  by?: 'tier' | 'variant' | 'surface' | 'locale' | 'trigger';
  tier?: string;
  variant?: string;
  surface?: string;
  locale?: string;
  trigger?: string;
}

const zero = (): Stages => ({ exposed: 0, impression: 0, click: 0, action: 0, conversion: 0 });

/** The funnel a selection must answer (without time to conversion), by plain loops over the facts. */
export function expectedFunnel(facts: readonly Fact[], s: Selection) {
  const days: string[] = [];
  for (let t = Date.parse(`${s.from}T00:00:00Z`); dayOf(t) <= s.to; t += DAY) days.push(dayOf(t));
  const series = days.map((day) => ({ day, ...zero() }));
  const rules: Record<string, { stages: Stages; segments: Record<string, Stages> }> = {};
  for (const f of facts) {
    if (f.day < s.from || f.day > s.to) continue;
    if (s.rule !== undefined && f.ruleId !== s.rule) continue;
    if (s.tier !== undefined && f.tier !== s.tier) continue;
    if (s.variant !== undefined && f.variant !== s.variant) continue;
    if (s.surface !== undefined && f.surface !== s.surface) continue;
    if (s.locale !== undefined && f.locale !== s.locale) continue;
    if (s.trigger !== undefined && f.trigger !== s.trigger) continue;
    const rule = (rules[f.ruleId] ??= { stages: zero(), segments: {} });
    rule.stages[f.stage] += 1;
    if (s.by) (rule.segments[f[s.by]] ??= zero())[f.stage] += 1;
    series[days.indexOf(f.day)]![f.stage] += 1;
  }
  return {
    from: s.from,
    to: s.to,
    by: s.by ?? null,
    rules: Object.keys(rules)
      .sort()
      .map((ruleId) => ({
        ruleId,
        trigger: RULE_TRIGGERS[ruleId] ?? null,
        stages: rules[ruleId]!.stages,
        segments: Object.keys(rules[ruleId]!.segments)
          .sort()
          .map((key) => ({ key, stages: rules[ruleId]!.segments[key]! })),
      })),
    series,
  };
}
