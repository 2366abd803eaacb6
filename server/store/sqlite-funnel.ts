import type Database from 'better-sqlite3';
import type { Event } from '../../shared/schemas/event';
import { actionKey, conversionKey, countEvents, type FunnelAction, type FunnelKey } from '../analytics/funnel-rows';
import type { Conversion } from './conversion-types';
import { FUNNEL_COLUMNS, type FunnelStore } from './funnel-types';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Keeps `funnel_daily` and `decline_daily` current, inside the caller's transaction: the rows of a
 * batch are summed per key first (see `countEvents`), so a batch costs one upsert per distinct key.
 */
export function funnelHooks(db: Database.Database) {
  const q = {
    funnel: db.prepare(
      `INSERT INTO funnel_daily (environment_id, day, rule_id, variant, tier, surface, locale, trig, stage, count)
       VALUES (@env, @day, @ruleId, @variant, @tier, @surface, @locale, @trigger, @stage, @count)
       ON CONFLICT (environment_id, day, rule_id, variant, tier, surface, locale, trig, stage) DO UPDATE SET count = count + excluded.count`,
    ),
    decline: db.prepare(
      `INSERT INTO decline_daily (environment_id, day, rule_id, reason, count) VALUES (@env, @day, @ruleId, @reason, @count)
       ON CONFLICT (environment_id, day, rule_id, reason) DO UPDATE SET count = count + excluded.count`,
    ),
  };
  const one = (env: string, key: FunnelKey) => q.funnel.run({ env, ...key, count: 1 });
  return {
    /** After a batch's new events were stored (duplicates left out). */
    events(env: string, events: readonly Event[], receivedAt: number): void {
      if (events.length === 0) return;
      const { funnel, declines } = countEvents(events, receivedAt);
      for (const { key, count } of funnel.counts.values()) q.funnel.run({ env, ...key, count });
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
  // Only a handful of shapes exist (4 columns to filter, 5 ways to group): each is prepared once.
  const prepared = new Map<string, Database.Statement>();
  return {
    async funnelCounts(env, query) {
      if (!DAY.test(query.from) || !DAY.test(query.to)) throw new RangeError('days must be YYYY-MM-DD');
      const filters = FUNNEL_COLUMNS.filter((c) => query.filters?.[c] !== undefined);
      const key = query.by ?? null;
      const sql = `SELECT day, rule_id AS ruleId, trig AS trigger, ${key ? key : "''"} AS key, stage, SUM(count) AS count FROM funnel_daily
        WHERE environment_id = @env AND day >= @from AND day <= @to ${query.ruleId === undefined ? '' : 'AND rule_id = @rule'}
        ${filters.map((c) => `AND ${c} = @${c}`).join(' ')}
        GROUP BY day, rule_id, trig, ${key ? `${key}, ` : ''}stage`;
      let statement = prepared.get(sql);
      if (!statement) prepared.set(sql, (statement = db.prepare(sql)));
      const params: Record<string, string> = { env, from: query.from, to: query.to, ...(query.ruleId !== undefined && { rule: query.ruleId }) };
      for (const c of filters) params[c] = query.filters?.[c] ?? '';
      return statement.all(params) as Awaited<ReturnType<FunnelStore['funnelCounts']>>;
    },
    async declineCounts(env, { from, to, ruleId }) {
      if (!DAY.test(from) || !DAY.test(to)) throw new RangeError('days must be YYYY-MM-DD');
      return declines.all({ env, from, to, rule: ruleId ?? null }) as Awaited<ReturnType<FunnelStore['declineCounts']>>;
    },
    async declineNotes(env, ruleId, fromMs, toMs, limit) {
      return notes.all(env, ruleId, fromMs, toMs, limit) as Awaited<ReturnType<FunnelStore['declineNotes']>>;
    },
  };
}
