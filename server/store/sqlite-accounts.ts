import type Database from 'better-sqlite3';
import type { Snapshot } from '../../shared/engine/forecast';
import type { Context } from '../../shared/schemas/context';
import type { AccountSighting, AccountStore, PersonHistory } from './account-types';
import type { TierTime, Trial, UserHistory } from './types';

interface SightingRow {
  account_id: string;
  user_id: string;
  plan: string;
  context: string;
  seen_at: number;
}

const toSighting = (r: SightingRow): AccountSighting => ({ accountId: r.account_id, userId: r.user_id, plan: r.plan, context: JSON.parse(r.context) as Context, seenAt: r.seen_at });

/** As `userHistory` bounds them: 500 impressions per rule, 2000 tracked events per person. */
const MAX_IMPRESSIONS_PER_RULE = 500;
const MAX_TRACKS = 2000;

// The sightings a bulk read covers; each query below joins it, so one statement reads the part of
// every account's history it needs through the per-account indexes.
const SEEN = 's.environment_id = @env AND s.seen_at >= @seen';
const PERSON = 'e.environment_id = s.environment_id AND e.account_id = s.account_id AND e.user_id = s.user_id';
const ACCOUNT = 'e.environment_id = s.environment_id AND e.account_id = s.account_id';
/** `FROM` the seen accounts joined with `table` (as `e`) `on` their person or account, and `WHERE` they were seen. */
const over = (table: string, on: string) => `FROM account_sightings s JOIN ${table} e ON ${on} WHERE ${SEEN}`;

/** Account sightings over SQLite: one row per account, replaced by each later `POST /v1/state`. */
export function sqliteAccounts(db: Database.Database): AccountStore {
  const q = {
    put: db.prepare(
      `INSERT INTO account_sightings (environment_id, account_id, user_id, plan, context, seen_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (environment_id, account_id) DO UPDATE SET user_id = excluded.user_id, plan = excluded.plan, context = excluded.context, seen_at = excluded.seen_at
       WHERE excluded.seen_at >= account_sightings.seen_at`,
    ),
    one: db.prepare('SELECT * FROM account_sightings WHERE environment_id = ? AND account_id = ?'),
    recent: db.prepare('SELECT * FROM account_sightings WHERE environment_id = ? AND seen_at >= ? ORDER BY seen_at DESC, account_id LIMIT ?'),
    // instr() on lower-cased ids: a plain substring match, with no LIKE wildcards to escape.
    search: db.prepare(
      'SELECT * FROM account_sightings WHERE environment_id = ? AND seen_at >= ? AND instr(lower(account_id), lower(?)) > 0 ORDER BY instr(lower(account_id), lower(?)) = 1 DESC, seen_at DESC, account_id LIMIT ?',
    ),
    seen: db.prepare(`SELECT * FROM account_sightings s WHERE ${SEEN}`),
    impressions: db.prepare(`SELECT s.account_id AS a, e.rule_id AS ruleId, e.occurred_at AS at ${over('events', PERSON)} AND e.type = 'impression' AND e.occurred_at >= @history ORDER BY e.occurred_at DESC`),
    tracks: db.prepare(`SELECT s.account_id AS a, e.name, e.occurred_at AS at ${over('events', PERSON)} AND e.type = 'track' AND e.occurred_at >= @history ORDER BY e.occurred_at DESC`),
    latest: db.prepare(
      `SELECT s.account_id AS a, e.rule_id AS ruleId, e.type, MAX(e.occurred_at) AS at ${over('events', PERSON)}
       AND e.type IN ('dismiss', 'decline', 'snooze', 'click') GROUP BY s.account_id, e.rule_id, e.type`,
    ),
    tiers: db.prepare(
      `SELECT s.account_id AS a, e.rule_id AS ruleId, e.tier, e.type, MAX(e.occurred_at) AS at ${over('events', ACCOUNT)}
       AND e.tier IS NOT NULL AND ((e.type IN ('dismiss', 'decline') AND e.occurred_at >= @dismissed) OR (e.type = 'impression' AND e.occurred_at >= @reached))
       GROUP BY s.account_id, e.rule_id, e.tier, e.type`,
    ),
    trials: db.prepare(`SELECT s.account_id AS a, e.offer_id AS id, e.started_at AS startedAt, e.ends_at AS endsAt ${over('trials', ACCOUNT)}`),
    snapshots: db.prepare(
      `SELECT s.account_id AS a, e.metric, e.taken_at AS at, e.value ${over('usage_snapshots', ACCOUNT)} AND e.taken_at >= @snapshots ORDER BY e.taken_at`,
    ),
  };

  return {
    async recordSighting(environmentId, s) {
      q.put.run(environmentId, s.accountId, s.userId, s.plan, JSON.stringify(s.context), s.seenAt);
    },
    async recentAccounts(environmentId, { since, search, limit }) {
      const rows = search ? q.search.all(environmentId, since, search, search, limit) : q.recent.all(environmentId, since, limit);
      return (rows as SightingRow[]).map(toSighting);
    },
    async accountSighting(environmentId, accountId) {
      const row = q.one.get(environmentId, accountId) as SightingRow | undefined;
      return row ? toSighting(row) : null;
    },
    async recentHistories(environmentId, seenSince, since) {
      const params = { env: environmentId, seen: seenSince, ...since };
      // One read transaction, so every part comes from the same moment.
      return db.transaction(() => {
        const out = new Map<string, { sighting: AccountSighting; history: PersonHistory }>();
        for (const row of q.seen.all(params) as SightingRow[]) {
          const history: UserHistory = { impressions: [], tracks: [], latest: [] };
          out.set(row.account_id, { sighting: toSighting(row), history: { history, tiers: { dismissed: [], declined: [], reached: [] }, snapshots: {}, trials: new Map() } });
        }
        const of = (a: string) => out.get(a)!.history;
        const perRule = new Map<string, Map<string, number>>();
        for (const r of q.impressions.all(params) as { a: string; ruleId: string; at: number }[]) {
          const counts = perRule.get(r.a) ?? perRule.set(r.a, new Map()).get(r.a)!;
          const n = (counts.get(r.ruleId) ?? 0) + 1;
          counts.set(r.ruleId, n);
          if (n <= MAX_IMPRESSIONS_PER_RULE) of(r.a).history.impressions.push({ ruleId: r.ruleId, at: r.at });
        }
        for (const r of q.tracks.all(params) as { a: string; name: string; at: number }[]) {
          const tracks = of(r.a).history.tracks;
          if (tracks.length < MAX_TRACKS) tracks.push({ name: r.name, at: r.at });
        }
        for (const { a, ...r } of q.latest.all(params) as ({ a: string } & UserHistory['latest'][number])[]) of(a).history.latest.push(r);
        for (const { a, type, ...r } of q.tiers.all(params) as ({ a: string; type: string } & TierTime)[]) {
          const tiers = of(a).tiers;
          (type === 'impression' ? tiers.reached : type === 'decline' ? tiers.declined : tiers.dismissed).push(r);
        }
        for (const { a, id, ...t } of q.trials.all(params) as ({ a: string; id: string } & Trial)[]) of(a).trials.set(id, t);
        for (const r of q.snapshots.all(params) as ({ a: string; metric: string } & Snapshot)[]) {
          const snapshots = of(r.a).snapshots;
          (Object.hasOwn(snapshots, r.metric) ? snapshots[r.metric]! : (snapshots[r.metric] = [])).push({ at: r.at, value: r.value });
        }
        return [...out.values()];
      })();
    },
  };
}
