import type { Migration } from './index';

/**
 * Draft settings (the global prompt budget and holdout), published with the catalog and rules. An
 * environment whose live config already carries settings gets them as its draft, so the next
 * publish of the drafts keeps them. Also an index for the account-wide ladder history that
 * `GET /v1/state` reads: a tier one person dismissed holds for everyone in the account.
 */
export const draftSettings: Migration = {
  version: 4,
  name: 'draft_settings',
  sql: `
    CREATE TABLE draft_settings (
      environment_id TEXT PRIMARY KEY REFERENCES environments(id),
      body TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );

    WITH live AS (
      SELECT environment_id, body FROM config_versions c
      WHERE version = (SELECT MAX(version) FROM config_versions WHERE environment_id = c.environment_id)
    )
    INSERT INTO draft_settings (environment_id, body, updated_at)
      SELECT environment_id, json_extract(body, '$.settings'), CAST(strftime('%s', 'now') AS INTEGER) * 1000
      FROM live WHERE CASE WHEN json_valid(body) THEN json_type(body, '$.settings') END = 'object';

    CREATE INDEX events_by_account_type ON events (environment_id, account_id, type, occurred_at, rule_id, tier);
  `,
};
