import type Database from 'better-sqlite3';
import type { Event } from '../../shared/schemas/event';
import { actionKey, conversionKey, countEvents, dimKeys, KeyCounts, type DimKey, type FunnelAction, type FunnelKey } from '../services/analytics/funnel-rows';
import type { Conversion } from './conversion-types';
import { checkDays, planFunnel } from './funnel-plan';
import type { FunnelStore } from './funnel-types';

/**
 * Keeps `funnel_daily`, `funnel_monthly`, `funnel_dims` and `decline_daily` current, inside the caller's transaction:
 * a batch is summed per key first (see `countEvents`), so it costs one upsert per distinct key of
 * each table, not one per event.
 */
export function funnelHooks(db: Database.Database) {
  const q = {
    funnel: db.prepare(
      `INSERT INTO funnel_daily (environment_id, day, rule_id, variant, tier, surface, locale, trig, stage, count)
       VALUES (@env, @day, @ruleId, @variant, @tier, @surface, @locale, @trigger, @stage, @count)
       ON CONFLICT (environment_id, day, rule_id, variant, tier, surface, locale, trig, stage) DO UPDATE SET count = count + excluded.count`,
    ),
    month: db.prepare(
      `INSERT INTO funnel_monthly (environment_id, month, rule_id, variant, tier, surface, locale, trig, stage, count)
       VALUES (@env, @month, @ruleId, @variant, @tier, @surface, @locale, @trigger, @stage, @count)
       ON CONFLICT (environment_id, month, rule_id, variant, tier, surface, locale, trig, stage) DO UPDATE SET count = count + excluded.count`,
    ),
    dim: db.prepare(
      `INSERT INTO funnel_dims (environment_id, dim, day, rule_id, trig, value, stage, count)
       VALUES (@env, @dim, @day, @ruleId, @trigger, @value, @stage, @count)
       ON CONFLICT (environment_id, dim, rule_id, trig, value, stage, day) DO UPDATE SET count = count + excluded.count`,
    ),
    decline: db.prepare(
      `INSERT INTO decline_daily (environment_id, day, rule_id, reason, count) VALUES (@env, @day, @ruleId, @reason, @count)
       ON CONFLICT (environment_id, day, rule_id, reason) DO UPDATE SET count = count + excluded.count`,
    ),
  };
  /** Adds each key's count to the full roll-up, and once summed per month or per one-dimension key, to those. */
  const add = (env: string, counts: KeyCounts<FunnelKey>) => {
    const dims = new KeyCounts<DimKey>();
    const months = new KeyCounts<Omit<FunnelKey, 'day'> & { month: string }>();
    for (const { key, count } of counts.counts.values()) {
      q.funnel.run({ env, ...key, count });
      const { day, ...rest } = key;
      months.add({ ...rest, month: day.slice(0, 7) }, count);
      for (const d of dimKeys(key)) dims.add(d, count);
    }
    for (const { key, count } of months.counts.values()) q.month.run({ env, ...key, count });
    for (const { key, count } of dims.counts.values()) q.dim.run({ env, ...key, count });
  };
  const one = (env: string, key: FunnelKey) => {
    const counts = new KeyCounts<FunnelKey>();
    counts.add(key);
    add(env, counts);
  };
  return {
    /** After a batch's new events were stored (duplicates left out). */
    events(env: string, events: readonly Event[], receivedAt: number): void {
      if (events.length === 0) return;
      const { funnel, declines } = countEvents(events, receivedAt);
      add(env, funnel);
      for (const { key, count } of declines.counts.values()) q.decline.run({ env, ...key, count });
    },
    /** After a trial or a request to the admins was created. */
    action(env: string, action: FunnelAction): void {
      one(env, actionKey(action));
    },
    /** After a conversion was stored: counted when it is an expansion credited to a rule. */
    conversion(env: string, conversion: Conversion): void {
      const key = conversionKey(conversion);
      if (key) one(env, key);
    },
  };
}

/** The funnel's reads over SQLite: sums of the daily roll-ups, never raw events (notes aside). */
export function sqliteFunnel(db: Database.Database): FunnelStore {
  const notes = db.prepare(
    `SELECT occurred_at AS at, reason, note, account_id AS accountId, tier, variant FROM events
     WHERE environment_id = ? AND rule_id = ? AND type = 'decline' AND occurred_at >= ? AND occurred_at < ? AND note IS NOT NULL
     ORDER BY occurred_at DESC, seq DESC LIMIT ?`,
  );
  const declines = db.prepare(
    `SELECT rule_id AS ruleId, reason, SUM(count) AS count FROM decline_daily
     WHERE environment_id = @env AND day >= @from AND day <= @to AND (@rule IS NULL OR rule_id = @rule)
     GROUP BY rule_id, reason ORDER BY rule_id, reason`,
  );
  // Only a few dozen shapes exist (which dimensions, which grouping): each is prepared once.
  const prepared = new Map<string, Database.Statement>();
  return {
    async funnelCounts(env, query) {
      checkDays(query.from, query.to);
      const { filters, by, single, monthly, group, column, pick, params } = planFunnel(env, query);
      const where = (time: string) => `environment_id = @env ${single ? 'AND dim = @dim' : ''} AND ${time} ${query.ruleId === undefined ? '' : 'AND rule_id = @rule'}
        ${filters.map((c) => `AND ${column(c)} = @${c}`).join(' ')}
        ${query.trigger ? "AND (trig = @trigger OR (trig = '' AND rule_id IN (SELECT value FROM json_each(@triggerRules))))" : ''}`;
      const columns = 'rule_id, trig, variant, tier, surface, locale, stage, count';
      const source = monthly
        ? `(SELECT ${columns} FROM funnel_monthly WHERE ${where('month >= @firstMonth AND month <= @lastMonth')}
            UNION ALL SELECT ${columns} FROM funnel_daily WHERE ${where('day >= @from AND day <= @headTo')}
            UNION ALL SELECT ${columns} FROM funnel_daily WHERE ${where('day >= @tailFrom AND day <= @to')})`
        : `${single ? 'funnel_dims' : 'funnel_daily'} WHERE ${where('day >= @from AND day <= @to')}`;
      const sql = `SELECT ${pick('day')} AS day, ${pick('rule_id')} AS ruleId, ${pick('trig')} AS trigger, ${by ? column(by) : "''"} AS key, stage, SUM(count) AS count
        FROM ${source} GROUP BY ${group.join(', ')}`;
      let statement = prepared.get(sql);
      if (!statement) prepared.set(sql, (statement = db.prepare(sql)));
      if (query.trigger) params.triggerRules = JSON.stringify(query.trigger.rules);
      return statement.all(params) as Awaited<ReturnType<FunnelStore['funnelCounts']>>;
    },
    async declineCounts(env, { from, to, ruleId }) {
      checkDays(from, to);
      return declines.all({ env, from, to, rule: ruleId ?? null }) as Awaited<ReturnType<FunnelStore['declineCounts']>>;
    },
    async declineNotes(env, ruleId, fromMs, toMs, limit) {
      return notes.all(env, ruleId, fromMs, toMs, limit) as Awaited<ReturnType<FunnelStore['declineNotes']>>;
    },
  };
}
