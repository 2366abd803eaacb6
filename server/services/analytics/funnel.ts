import { FUNNEL_STAGES, type FunnelAnswer, type FunnelQuery, type FunnelRule, type FunnelStage, type Stages, type TimeToConversion, type TriggerType } from '../../../shared/schemas/analytics';
import type { FunnelColumn, FunnelCountRow } from '../../store/funnel-types';
import { NO_CONVERSION } from './funnel-delays';
import { daysOf, type DayRange } from './range';

const STAGE_SET: ReadonlySet<string> = new Set(FUNNEL_STAGES);
const zero = (): Stages => ({ exposed: 0, impression: 0, click: 0, action: 0, conversion: 0 });

/** The dimension the store groups by: every breakdown but `trigger`, which is resolved here. */
export const storeBy = (by: FunnelQuery['by']): FunnelColumn | undefined => (by === 'trigger' ? undefined : by);

export interface FunnelParts {
  query: FunnelQuery;
  range: DayRange;
  /** The store's sums per rule (and `by` value) for the range, rule and dimension filters; the trigger filter is applied here. */
  totals: readonly FunnelCountRow[];
  /** The same selection's sums per day, trigger filter included (see `FunnelCountsQuery.trigger`). */
  days: readonly FunnelCountRow[];
  /** Each rule's trigger type in the newest published version that has it. */
  triggers: ReadonlyMap<string, TriggerType>;
  /** Time from first exposure to conversion, by rule (see `timesToConversion`); a rule without one had no conversion. */
  times: ReadonlyMap<string, TimeToConversion>;
}

const byId = <T>([a]: [string, T], [b]: [string, T]) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The funnel answer from the roll-up's sums: a row's trigger is its own, else its rule's; rows of
 * another trigger than the one asked for are left out; totals per rule and `by` value, and per day.
 */
export function buildFunnel({ query, range, totals, days, triggers, times }: FunnelParts): FunnelAnswer {
  const by = query.by ?? null;
  const triggerOf = (row: FunnelCountRow) => row.trigger || triggers.get(row.ruleId) || '';
  const kept = (row: FunnelCountRow): row is FunnelCountRow & { stage: FunnelStage } =>
    STAGE_SET.has(row.stage) && (query.trigger === undefined || triggerOf(row) === query.trigger);
  const rules = new Map<string, { stages: Stages; segments: Map<string, Stages> }>();
  for (const row of totals) {
    if (!kept(row)) continue;
    let rule = rules.get(row.ruleId);
    if (!rule) rules.set(row.ruleId, (rule = { stages: zero(), segments: new Map() }));
    rule.stages[row.stage] += row.count;
    if (!by) continue;
    const key = by === 'trigger' ? triggerOf(row) : row.key;
    let segment = rule.segments.get(key);
    if (!segment) rule.segments.set(key, (segment = zero()));
    segment[row.stage] += row.count;
  }
  const series = new Map(daysOf(range).map((day) => [day, zero()]));
  for (const row of days) {
    // Already narrowed to the trigger by the store: per day, rows carry no rule to resolve.
    const day = STAGE_SET.has(row.stage) ? series.get(row.day) : undefined;
    if (day) day[row.stage as FunnelStage] += row.count;
  }
  const answer: FunnelRule[] = [...rules.entries()].sort(byId).map(([ruleId, { stages, segments }]) => ({
    ruleId,
    trigger: triggers.get(ruleId) ?? null,
    stages,
    segments: [...segments.entries()].sort(byId).map(([key, s]) => ({ key, stages: s })),
    timeToConversion: times.get(ruleId) ?? NO_CONVERSION,
  }));
  return { from: range.from, to: range.to, by, rules: answer, series: [...series.entries()].map(([day, s]) => ({ day, ...s })) };
}
