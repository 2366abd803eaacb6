import { checkDays, planFunnel } from '../funnel-plan';
import type { FunnelStore } from '../funnel-types';
import type { PgDb } from './db';
import { named } from './params';

/** The funnel's reads over PostgreSQL, as `sqliteFunnel`: sums of the daily roll-ups, never raw events (notes aside). */
export function pgFunnel(db: PgDb): FunnelStore {
  return {
    async funnelCounts(env, query) {
      checkDays(query.from, query.to);
      const { filters, by, single, monthly, group, column, pick, params } = planFunnel(env, query);
      const where = (time: string) => `environment_id = @env ${single ? 'AND dim = @dim' : ''} AND ${time} ${query.ruleId === undefined ? '' : 'AND rule_id = @rule'}
        ${filters.map((c) => `AND ${column(c)} = @${c}`).join(' ')}
        ${query.trigger ? "AND (trig = @trigger OR (trig = '' AND rule_id = ANY(@triggerRules::text[])))" : ''}`;
      const columns = 'rule_id, trig, variant, tier, surface, locale, stage, count';
      const source = monthly
        ? `(SELECT ${columns} FROM funnel_monthly WHERE ${where('month >= @firstMonth AND month <= @lastMonth')}
            UNION ALL SELECT ${columns} FROM funnel_daily WHERE ${where('day >= @from AND day <= @headTo')}
            UNION ALL SELECT ${columns} FROM funnel_daily WHERE ${where('day >= @tailFrom AND day <= @to')}) AS spans`
        : `${single ? 'funnel_dims' : 'funnel_daily'} WHERE ${where('day >= @from AND day <= @to')}`;
      // SQLite answers in its GROUP BY's order; here that order is asked for.
      const text = `SELECT ${pick('day')} AS day, ${pick('rule_id')} AS "ruleId", ${pick('trig')} AS trigger, ${by ? column(by) : "''"} AS key, stage, SUM(count) AS count
        FROM ${source} GROUP BY ${group.join(', ')} ORDER BY ${group.join(', ')}`;
      if (query.trigger) params.triggerRules = [...query.trigger.rules];
      const q = named(text, params);
      return db.all(q.text, q.params);
    },
    async declineCounts(env, { from, to, ruleId }) {
      checkDays(from, to);
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
