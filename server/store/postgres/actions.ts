import { newId } from '../../infra/keys';
import type { AdminRequest, Store, Trial } from '../types';
import type { PgDb } from './db';
import type { PgFunnelHooks, PgWebhookHooks } from './hooks';

type ActionMethods = Pick<Store, 'requestAdmin' | 'startTrial' | 'accountTrials'>;

const q = {
  // Taken before looking for an earlier request: two nodes handling the same person's double click
  // take turns, so the second sees the first's request instead of storing one of its own.
  lockAdminRequest: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
  latestAdminRequest: `SELECT id, created_at AS "createdAt" FROM admin_requests
    WHERE environment_id = $1 AND account_id = $2 AND user_id = $3 AND rule_id = $4 AND created_at > $5
    ORDER BY created_at DESC LIMIT 1`,
  insertAdminRequest: `INSERT INTO admin_requests (id, environment_id, account_id, user_id, rule_id, role, note, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  // A concurrent start of the same trial waits for the other's commit here, then inserts nothing.
  insertTrial: `INSERT INTO trials (environment_id, account_id, offer_id, started_at, ends_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (environment_id, account_id, offer_id) DO NOTHING RETURNING 1`,
  getTrial: 'SELECT started_at AS "startedAt", ends_at AS "endsAt" FROM trials WHERE environment_id = $1 AND account_id = $2 AND offer_id = $3',
  accountTrials: 'SELECT offer_id AS id, started_at AS "startedAt", ends_at AS "endsAt" FROM trials WHERE environment_id = $1 AND account_id = $2 ORDER BY offer_id',
};

/**
 * What one-click actions store over PostgreSQL: trials and requests to an account's admins. Each
 * write queues its webhook and counts its funnel action in its own transaction, so a committed
 * action always has its delivery.
 */
export function pgActions(db: PgDb, webhooks: PgWebhookHooks, funnel: PgFunnelHooks): ActionMethods {
  return {
    async requestAdmin(environmentId, request, at, since, onCreated, action) {
      const { accountId, userId, ruleId } = request;
      return db.tx(async (sql) => {
        await sql.one(q.lockAdminRequest, [JSON.stringify(['admin_request', environmentId, accountId, userId, ruleId])]);
        const earlier = await sql.one<AdminRequest>(q.latestAdminRequest, [environmentId, accountId, userId, ruleId, since]);
        if (earlier) return { created: false, request: earlier };
        const id = newId('adm');
        await sql.run(q.insertAdminRequest, [id, environmentId, accountId, userId, ruleId, request.role, request.note, at]);
        if (onCreated) await webhooks.enqueue(sql, environmentId, onCreated, at);
        if (action) await funnel.action(sql, environmentId, action);
        return { created: true, request: { id, createdAt: at } };
      });
    },
    async startTrial(environmentId, accountId, id, startedAt, endsAt, onCreated, action) {
      return db.tx(async (sql) => {
        const created = (await sql.run(q.insertTrial, [environmentId, accountId, id, startedAt, endsAt])) > 0;
        if (created && onCreated) await webhooks.enqueue(sql, environmentId, onCreated, startedAt);
        if (created && action) await funnel.action(sql, environmentId, action);
        // A new statement, so under READ COMMITTED it sees the trial another node committed meanwhile.
        const trial = await sql.one<Trial>(q.getTrial, [environmentId, accountId, id]);
        return { created, trial: trial! };
      });
    },
    async accountTrials(environmentId, accountId) {
      const rows = await db.all<{ id: string } & Trial>(q.accountTrials, [environmentId, accountId]);
      return new Map(rows.map(({ id, startedAt, endsAt }) => [id, { startedAt, endsAt }]));
    },
  };
}
