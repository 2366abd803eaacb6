import type { Migration } from './index';

/**
 * Drafts: what rules-as-code and the admin console edit, and what a publish turns into an
 * immutable version. Existing environments start with drafts equal to their live config.
 */
export const drafts: Migration = {
  version: 2,
  name: 'drafts',
  sql: `
    CREATE TABLE draft_rules (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      rule_id TEXT NOT NULL,
      body TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (environment_id, rule_id)
    ) WITHOUT ROWID;

    CREATE TABLE draft_catalogs (
      environment_id TEXT PRIMARY KEY REFERENCES environments(id),
      body TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );

    WITH live AS (
      SELECT environment_id, body FROM config_versions c
      WHERE version = (SELECT MAX(version) FROM config_versions WHERE environment_id = c.environment_id)
    )
    INSERT INTO draft_catalogs (environment_id, body, updated_at)
      SELECT environment_id, json_extract(body, '$.catalog'), CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM live;

    WITH live AS (
      SELECT environment_id, body FROM config_versions c
      WHERE version = (SELECT MAX(version) FROM config_versions WHERE environment_id = c.environment_id)
    )
    INSERT INTO draft_rules (environment_id, rule_id, body, updated_at)
      SELECT live.environment_id, json_extract(r.value, '$.id'), r.value, CAST(strftime('%s', 'now') AS INTEGER) * 1000
      FROM live, json_each(live.body, '$.rules') AS r;
  `,
};
