import type { ConfigStore } from '../config-types';
import type { PgDb, Sql } from './db';

type DraftMethods = Pick<
  ConfigStore,
  'listDraftRules' | 'getDraftRule' | 'putDraftRule' | 'deleteDraftRule' | 'getDraftCatalog' | 'putDraftCatalog' | 'getDraftSettings' | 'putDraftSettings' | 'replaceDrafts'
>;

const upsertDoc = (table: 'draft_catalogs' | 'draft_settings') =>
  `INSERT INTO ${table} (environment_id, body, updated_at) VALUES ($1, $2, $3)
   ON CONFLICT (environment_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`;

/** An environment's draft rules, catalog and settings, stored as JSON text as in SQLite; `replaceDrafts` writes all of them or none. */
export function pgDrafts(db: PgDb, clock: () => number): DraftMethods {
  const body = async (sql: Sql, text: string, params: readonly unknown[]): Promise<unknown> => {
    const row = await sql.one<{ body: string }>(text, params);
    return row ? (JSON.parse(row.body) as unknown) : null;
  };
  return {
    async listDraftRules(environmentId) {
      const rows = await db.all<{ body: string }>('SELECT body FROM draft_rules WHERE environment_id = $1 ORDER BY rule_id', [environmentId]);
      return rows.map((r) => JSON.parse(r.body) as unknown);
    },
    async getDraftRule(environmentId, ruleId) {
      return body(db, 'SELECT body FROM draft_rules WHERE environment_id = $1 AND rule_id = $2', [environmentId, ruleId]);
    },
    async putDraftRule(environmentId, ruleId, rule) {
      // xmax is 0 on a row this statement inserted, and set on one it updated: one statement, no check-then-write race.
      const row = await db.one<{ created: boolean }>(
        `INSERT INTO draft_rules (environment_id, rule_id, body, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (environment_id, rule_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
         RETURNING (xmax = 0) AS created`,
        [environmentId, ruleId, JSON.stringify(rule), clock()],
      );
      return row!.created;
    },
    async deleteDraftRule(environmentId, ruleId) {
      return (await db.run('DELETE FROM draft_rules WHERE environment_id = $1 AND rule_id = $2', [environmentId, ruleId])) > 0;
    },
    async getDraftCatalog(environmentId) {
      return body(db, 'SELECT body FROM draft_catalogs WHERE environment_id = $1', [environmentId]);
    },
    async putDraftCatalog(environmentId, catalog) {
      await db.run(upsertDoc('draft_catalogs'), [environmentId, JSON.stringify(catalog), clock()]);
    },
    async getDraftSettings(environmentId) {
      return body(db, 'SELECT body FROM draft_settings WHERE environment_id = $1', [environmentId]);
    },
    async putDraftSettings(environmentId, settings) {
      await db.run(upsertDoc('draft_settings'), [environmentId, JSON.stringify(settings), clock()]);
    },
    async replaceDrafts(environmentId, drafts) {
      const now = clock();
      await db.tx(async (sql) => {
        await sql.run(upsertDoc('draft_catalogs'), [environmentId, JSON.stringify(drafts.catalog), now]);
        await sql.run(upsertDoc('draft_settings'), [environmentId, JSON.stringify(drafts.settings), now]);
        await sql.run('DELETE FROM draft_rules WHERE environment_id = $1', [environmentId]);
        if (!drafts.rules.length) return;
        // A rule id given twice fails the primary key, and the whole import with it, as in SQLite.
        await sql.run(
          'INSERT INTO draft_rules (environment_id, rule_id, body, updated_at) SELECT $1, r, b, $4 FROM unnest($2::text[], $3::text[]) AS u(r, b)',
          [environmentId, drafts.rules.map((r) => r.id), drafts.rules.map((r) => JSON.stringify(r)), now],
        );
      });
    },
  };
}
