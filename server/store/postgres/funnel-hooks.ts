import type { Event } from '../../../shared/schemas/event';
import { actionKey, conversionKey, countEvents, dimKeys, KeyCounts, type DimKey, type FunnelKey } from '../../services/analytics/funnel-rows';
import type { Sql } from './db';
import type { PgFunnelHooks } from './hooks';

/** One counter table: its key columns (the conflict target, in primary-key order) and where each comes from in a key. */
interface CounterTable {
  table: string;
  /** Column name → the key's field. */
  columns: Readonly<Record<string, string>>;
  conflict: string;
}

const FUNNEL_COLUMNS = { day: 'day', rule_id: 'ruleId', variant: 'variant', tier: 'tier', surface: 'surface', locale: 'locale', trig: 'trigger', stage: 'stage' };
const DAILY: CounterTable = { table: 'funnel_daily', columns: FUNNEL_COLUMNS, conflict: 'environment_id, day, rule_id, variant, tier, surface, locale, trig, stage' };
const MONTHLY: CounterTable = {
  table: 'funnel_monthly',
  columns: { ...Object.fromEntries(Object.entries(FUNNEL_COLUMNS).filter(([c]) => c !== 'day')), month: 'month' },
  conflict: 'environment_id, month, rule_id, variant, tier, surface, locale, trig, stage',
};
const DIMS: CounterTable = {
  table: 'funnel_dims',
  columns: { dim: 'dim', rule_id: 'ruleId', trig: 'trigger', value: 'value', stage: 'stage', day: 'day' },
  conflict: 'environment_id, dim, rule_id, trig, value, stage, day',
};
const DECLINES: CounterTable = { table: 'decline_daily', columns: { day: 'day', rule_id: 'ruleId', reason: 'reason' }, conflict: 'environment_id, day, rule_id, reason' };

/**
 * Adds a batch's counts to one counter table in one statement. Many nodes run these at once, so
 * the rows go in the conflict target's order (ORDER BY, byte order as COLLATE "C" compares): two
 * transactions lock shared keys in the same order and cannot deadlock, and `count = t.count + excluded.count` adds rather than overwrites.
 */
async function addCounts<K extends object>(sql: Sql, env: string, t: CounterTable, counts: KeyCounts<K>): Promise<void> {
  if (counts.counts.size === 0) return;
  const columns = Object.keys(t.columns);
  const keyOrder = t.conflict.split(', ').slice(1);
  const rows = [...counts.counts.values()].map(({ key, count }) => {
    const row: Record<string, string | number> = { count };
    for (const c of columns) row[c] = (key as Record<string, string>)[t.columns[c]!]!;
    return row;
  });
  const list = columns.join(', ');
  await sql.run(
    `INSERT INTO ${t.table} AS t (environment_id, ${list}, count)
     SELECT $1, ${list}, count FROM jsonb_to_recordset($2::jsonb) AS x(${columns.map((c) => `${c} text`).join(', ')}, count bigint) ORDER BY ${keyOrder.map((c) => `${c} COLLATE "C"`).join(', ')}
     ON CONFLICT (${t.conflict}) DO UPDATE SET count = t.count + excluded.count`,
    [env, JSON.stringify(rows)],
  );
}

/** Adds each key's count to the full roll-up, and once summed per month or per one-dimension key, to those. */
async function addFunnel(sql: Sql, env: string, counts: KeyCounts<FunnelKey>): Promise<void> {
  const dims = new KeyCounts<DimKey>();
  const months = new KeyCounts<Omit<FunnelKey, 'day'> & { month: string }>();
  for (const { key, count } of counts.counts.values()) {
    const { day, ...rest } = key;
    months.add({ ...rest, month: day.slice(0, 7) }, count);
    for (const d of dimKeys(key)) dims.add(d, count);
  }
  await addCounts(sql, env, DAILY, counts);
  await addCounts(sql, env, MONTHLY, months);
  await addCounts(sql, env, DIMS, dims);
}

const single = (key: FunnelKey): KeyCounts<FunnelKey> => {
  const counts = new KeyCounts<FunnelKey>();
  counts.add(key);
  return counts;
};

/**
 * Keeps `funnel_daily`, `funnel_monthly`, `funnel_dims` and `decline_daily` current inside the
 * caller's transaction, as SQLite's `funnelHooks` does: a batch is summed per key first
 * (`countEvents`), then each table takes one multi-row upsert.
 */
export function pgFunnelHooks(): PgFunnelHooks {
  return {
    async events(sql, env, events: readonly Event[], receivedAt) {
      if (events.length === 0) return;
      const { funnel, declines } = countEvents(events, receivedAt);
      await addFunnel(sql, env, funnel);
      await addCounts(sql, env, DECLINES, declines);
    },
    async action(sql, env, action) {
      await addFunnel(sql, env, single(actionKey(action)));
    },
    async conversion(sql, env, conversion) {
      const key = conversionKey(conversion);
      if (key) await addFunnel(sql, env, single(key));
    },
  };
}
