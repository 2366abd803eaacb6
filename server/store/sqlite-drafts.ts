import type Database from 'better-sqlite3';
import type { ConfigStore, DraftSet } from './config-types';

type DraftMethods = Pick<
  ConfigStore,
  'listDraftRules' | 'getDraftRule' | 'putDraftRule' | 'deleteDraftRule' | 'getDraftCatalog' | 'putDraftCatalog' | 'getDraftSettings' | 'putDraftSettings' | 'replaceDrafts'
>;

/** An environment's draft rules, catalog and settings, stored as JSON; `replaceDrafts` writes all of them or none, as an import does. */
export function sqliteDrafts(db: Database.Database, clock: () => number): DraftMethods {
  const q = {
    listRules: db.prepare('SELECT body FROM draft_rules WHERE environment_id = ? ORDER BY rule_id').pluck(),
    getRule: db.prepare('SELECT body FROM draft_rules WHERE environment_id = ? AND rule_id = ?').pluck(),
    upsertRule: db.prepare(
      `INSERT INTO draft_rules (environment_id, rule_id, body, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (environment_id, rule_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    ),
    deleteRule: db.prepare('DELETE FROM draft_rules WHERE environment_id = ? AND rule_id = ?'),
    deleteRules: db.prepare('DELETE FROM draft_rules WHERE environment_id = ?'),
    putRule: db.prepare('INSERT INTO draft_rules (environment_id, rule_id, body, updated_at) VALUES (?, ?, ?, ?)'),
    getCatalog: db.prepare('SELECT body FROM draft_catalogs WHERE environment_id = ?').pluck(),
    putCatalog: db.prepare(
      `INSERT INTO draft_catalogs (environment_id, body, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (environment_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    ),
    getSettings: db.prepare('SELECT body FROM draft_settings WHERE environment_id = ?').pluck(),
    putSettings: db.prepare(
      `INSERT INTO draft_settings (environment_id, body, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (environment_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    ),
  };
  const parse = (body: unknown): unknown => (typeof body === 'string' ? JSON.parse(body) : null);
  const replace = db.transaction((environmentId: string, drafts: DraftSet, now: number) => {
    q.putCatalog.run(environmentId, JSON.stringify(drafts.catalog), now);
    q.putSettings.run(environmentId, JSON.stringify(drafts.settings), now);
    q.deleteRules.run(environmentId);
    for (const rule of drafts.rules) q.putRule.run(environmentId, rule.id, JSON.stringify(rule), now);
  });
  return {
    async listDraftRules(environmentId) {
      return (q.listRules.all(environmentId) as string[]).map((b) => JSON.parse(b) as unknown);
    },
    async getDraftRule(environmentId, ruleId) {
      return parse(q.getRule.get(environmentId, ruleId));
    },
    async putDraftRule(environmentId, ruleId, rule) {
      return db.transaction(() => {
        const existed = q.getRule.get(environmentId, ruleId) !== undefined;
        q.upsertRule.run(environmentId, ruleId, JSON.stringify(rule), clock());
        return !existed;
      }).immediate();
    },
    async deleteDraftRule(environmentId, ruleId) {
      return q.deleteRule.run(environmentId, ruleId).changes > 0;
    },
    async getDraftCatalog(environmentId) {
      return parse(q.getCatalog.get(environmentId));
    },
    async putDraftCatalog(environmentId, catalog) {
      q.putCatalog.run(environmentId, JSON.stringify(catalog), clock());
    },
    async getDraftSettings(environmentId) {
      return parse(q.getSettings.get(environmentId));
    },
    async putDraftSettings(environmentId, settings) {
      q.putSettings.run(environmentId, JSON.stringify(settings), clock());
    },
    async replaceDrafts(environmentId, drafts) {
      replace.immediate(environmentId, drafts, clock());
    },
  };
}
