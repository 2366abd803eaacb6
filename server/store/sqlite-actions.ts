import type Database from 'better-sqlite3';
import { newId } from '../infra/keys';
import type { sqliteWebhooks } from './sqlite-webhooks';
import type { funnelHooks } from './sqlite-funnel';
import type { AdminRequest, Store, Trial } from './types';

type ActionMethods = Pick<Store, 'requestAdmin' | 'startTrial' | 'accountTrials'>;

/**
 * What one-click actions store over SQLite: trials and requests to an account's admins. Each write
 * queues its webhook in its own transaction, so a committed action always has its delivery.
 */
export function sqliteActions(db: Database.Database, webhooks: ReturnType<typeof sqliteWebhooks>, funnel: ReturnType<typeof funnelHooks>): ActionMethods {
  const q = {
    latestAdminRequest: db.prepare(
      `SELECT id, created_at AS createdAt FROM admin_requests
       WHERE environment_id = ? AND account_id = ? AND user_id = ? AND rule_id = ? AND created_at > ?
       ORDER BY created_at DESC LIMIT 1`,
    ),
    insertAdminRequest: db.prepare(
      `INSERT INTO admin_requests (id, environment_id, account_id, user_id, rule_id, role, note, created_at)
       VALUES (@id, @environmentId, @accountId, @userId, @ruleId, @role, @note, @createdAt)`,
    ),
    insertTrial: db.prepare(
      `INSERT INTO trials (environment_id, account_id, offer_id, started_at, ends_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (environment_id, account_id, offer_id) DO NOTHING`,
    ),
    getTrial: db.prepare('SELECT started_at AS startedAt, ends_at AS endsAt FROM trials WHERE environment_id = ? AND account_id = ? AND offer_id = ?'),
    accountTrials: db.prepare('SELECT offer_id AS id, started_at AS startedAt, ends_at AS endsAt FROM trials WHERE environment_id = ? AND account_id = ? ORDER BY offer_id'),
  };
  return {
    async requestAdmin(environmentId, request, at, since, onCreated, action) {
      return db.transaction(() => {
        const earlier = q.latestAdminRequest.get(environmentId, request.accountId, request.userId, request.ruleId, since) as AdminRequest | undefined;
        if (earlier) return { created: false, request: earlier };
        const id = newId('adm');
        q.insertAdminRequest.run({ id, environmentId, ...request, createdAt: at });
        if (onCreated) webhooks.enqueue(environmentId, onCreated, at);
        if (action) funnel.action(environmentId, action);
        return { created: true, request: { id, createdAt: at } };
      }).immediate();
    },
    async startTrial(environmentId, accountId, id, startedAt, endsAt, onCreated, action) {
      return db.transaction(() => {
        const created = q.insertTrial.run(environmentId, accountId, id, startedAt, endsAt).changes > 0;
        if (created && onCreated) webhooks.enqueue(environmentId, onCreated, startedAt);
        if (created && action) funnel.action(environmentId, action);
        return { created, trial: q.getTrial.get(environmentId, accountId, id) as Trial };
      }).immediate();
    },
    async accountTrials(environmentId, accountId) {
      const rows = q.accountTrials.all(environmentId, accountId) as ({ id: string } & Trial)[];
      return new Map(rows.map(({ id, startedAt, endsAt }) => [id, { startedAt, endsAt }]));
    },
  };
}
