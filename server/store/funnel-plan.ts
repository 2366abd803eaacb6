import { monthSpan } from './funnel-months';
import { FUNNEL_COLUMNS, type FunnelColumn, type FunnelCountsQuery } from './funnel-types';

// What a funnel query reads and groups by, worked out once for both stores: each store then writes
// its own SQL from the plan, since the trigger's rule list, quoting and ordering differ by dialect.

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Refuses days other than YYYY-MM-DD: the roll-ups' day keys are compared as text. */
export function checkDays(from: string, to: string): void {
  if (!DAY.test(from) || !DAY.test(to)) throw new RangeError('days must be YYYY-MM-DD');
}

export interface FunnelPlan {
  filters: FunnelColumn[];
  by: FunnelColumn | undefined;
  /** One dimension or none: its own sums (`funnel_dims`). Two (a filter and a breakdown, or two filters): every combination. */
  single: boolean;
  /** Every combination per rule: whole months from their sums, the days at either end from the daily rows. */
  monthly: boolean;
  group: string[];
  /** The column a dimension is read from. */
  column(c: FunnelColumn): string;
  /** A grouped column, or '' in its place. */
  pick(c: string): string;
  /** The named parameters, but for `triggerRules`, which each dialect binds its own way. */
  params: Record<string, unknown>;
}

export function planFunnel(env: string, query: FunnelCountsQuery): FunnelPlan {
  const filters = FUNNEL_COLUMNS.filter((c) => query.filters?.[c] !== undefined);
  const by = query.per === 'rule' ? query.by : undefined;
  const dims = [...new Set([...filters, ...(by ? [by] : [])])];
  const single = dims.length <= 1;
  const column = (c: FunnelColumn) => (single ? 'value' : c);
  const group = query.per === 'rule' ? ['rule_id', 'trig', ...(by ? [column(by)] : []), 'stage'] : ['day', 'stage'];
  const pick = (c: string) => (group.includes(c) ? c : "''");
  const monthly = !single && query.per === 'rule';
  const params: Record<string, unknown> = { env, from: query.from, to: query.to, ...(query.ruleId !== undefined && { rule: query.ruleId }), ...(single && { dim: dims[0] ?? '' }) };
  if (monthly) Object.assign(params, monthSpan(query.from, query.to));
  for (const c of filters) params[c] = query.filters?.[c] ?? '';
  if (query.trigger) params.trigger = query.trigger.value;
  return { filters, by, single, monthly, group, column, pick, params };
}
