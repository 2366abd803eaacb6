import type Database from 'better-sqlite3';
import type { DraftSet } from './config-types';

/** Writing an environment's whole set of drafts at once, as an import does: all of it or none. */
export function sqliteDrafts(db: Database.Database) {
  const q = {
    deleteRules: db.prepare('DELETE FROM draft_rules WHERE environment_id = ?'),
    putRule: db.prepare('INSERT INTO draft_rules (environment_id, rule_id, body, updated_at) VALUES (?, ?, ?, ?)'),
    putCatalog: db.prepare(
      `INSERT INTO draft_catalogs (environment_id, body, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (environment_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    ),
    putSettings: db.prepare(
      `INSERT INTO draft_settings (environment_id, body, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (environment_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    ),
  };
  const replace = db.transaction((environmentId: string, drafts: DraftSet, now: number) => {
    q.putCatalog.run(environmentId, JSON.stringify(drafts.catalog), now);
    q.putSettings.run(environmentId, JSON.stringify(drafts.settings), now);
    q.deleteRules.run(environmentId);
    for (const rule of drafts.rules) q.putRule.run(environmentId, rule.id, JSON.stringify(rule), now);
  });
  return {
    async replaceDrafts(environmentId: string, drafts: DraftSet): Promise<void> {
      replace.immediate(environmentId, drafts, Date.now());
    },
  };
}
