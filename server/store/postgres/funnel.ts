import type { FunnelStore } from '../funnel-types';
import { FUNNEL_COLUMNS, type FunnelColumn } from '../funnel-types';
import { monthSpan } from '../funnel-months';
import type { PgDb } from './db';
import { named } from './params';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The funnel's reads over PostgreSQL, as `sqliteFunnel`: sums of the daily roll-ups, never raw events (notes aside). */
export function pgFunnel(db: PgDb): FunnelStore {
  return {
    async funnelCounts(env, query) {
      if (!DAY.test(query.from) || !DAY.test(query.to)) throw new RangeError('days must be YYYY-MM-DD');
      const filters = FUNNEL_COLUMNS.filter((c) => query.filters?.[c] !== undefined);
      const by = query.per === 'rule' ? query.by : undefined;
      const dims = [...new Set([...filters, ...(by ? [by] : [])])];
      // One dimension or none: its own sums. Two (a filter and a breakdown, or two filters): every combination.
      const single = dims.length <= 1;
      const column = (c: FunnelColumn) => (single ? 'value' : c);
      const group = query.per === 'rule' ? ['rule_id', 'trig', ...(by ? [column(by)] : []), 'stage'] : ['day', 'stage'];
      const pick = (c: string) => (group.includes(c) ? c : "''");
      const where = (time: string) => `environment_id = @env ${single ? 'AND dim = @dim' : ''} AND ${time} ${query.ruleId === undefined ? '' : 'AND rule_id = @rule'}
        ${filters.map((c) => `AND ${column(c)} = @${c}`).join(' ')}
        ${query.trigger ? "AND (trig = @trigger OR (trig = '' AND rule_id = ANY(@triggerRules::text[])))" : ''}`;
      // Every combination per rule: whole months from their sums, the days at either end from the daily rows.
      const monthly = !single && query.per === 'rule';
      const columns = 'rule_id, trig, variant, tier, surface, locale, stage, count';
      const source = monthly
        ? `(SELECT ${columns} FROM funnel_monthly WHERE ${where('month >= @firstMonth AND month <= @lastMonth')}
            UNION ALL SELECT ${columns} FROM funnel_daily WHERE ${where('day >= @from AND day <= @headTo')}
            UNION ALL SELECT ${columns} FROM funnel_daily WHERE ${where('day >= @tailFrom AND day <= @to')}) AS spans`
        : `${single ? 'funnel_dims' : 'funnel_daily'} WHERE ${where('day >= @from AND day <= @to')}`;
      // SQLite answers in its GROUP BY's order; here that order is asked for.
      const text = `SELECT ${pick('day')} AS day, ${pick('rule_id')} AS "ruleId", ${pick('trig')} AS trigger, ${by ? column(by) : "''"} AS key, stage, SUM(count) AS count
        FROM ${source} GROUP BY ${group.join(', ')} ORDER BY ${group.join(', ')}`;
      const params: Record<string, unknown> = { env, from: query.from, to: query.to, ...(query.ruleId !== undefined && { rule: query.ruleId }), ...(single && { dim: dims[0] ?? '' }) };
      if (monthly) Object.assign(params, monthSpan(query.from, query.to));
      for (const c of filters) params[c] = query.filters?.[c] ?? '';
      if (query.trigger) Object.assign(params, { trigger: query.trigger.value, triggerRules: [...query.trigger.rules] });
      const q = named(text, params);
      return db.all(q.text, q.params);
    },
    async declineCounts(env, { from, to, ruleId }) {
      if (!DAY.test(from) || !DAY.test(to)) throw new RangeError('days must be YYYY-MM-DD');
      return db.all(
        `SELECT rule_id AS "ruleId", reason, SUM(count) AS count FROM decline_daily
         WHERE environment_id = $1 AND day >= $2 AND day <= $3 AND ($4::text IS NULL OR rule_id = $4)
         GROUP BY rule_id, reason ORDER BY rule_id, reason`,
        [env, from, to, ruleId ?? null],
      );
    },
    async declineNotes(env, ruleId, fromMs, toMs, limit) {
      return db.all(
        `SELECT occurred_at AS at, reason, note, account_id AS "accountId", tier, variant FROM events
         WHERE environment_id = $1 AND rule_id = $2 AND type = 'decline' AND occurred_at >= $3 AND occurred_at < $4 AND note IS NOT NULL
         ORDER BY occurred_at DESC, seq DESC LIMIT $5`,
        [env, ruleId, fromMs, toMs, limit],
      );
    },
  };
}
