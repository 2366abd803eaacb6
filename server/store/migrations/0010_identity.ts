import type { Migration } from './index';

/**
 * Identity verification per environment: whether person-level publishable-key requests must carry
 * a token signed by the host's backend, and the HS256 secret they are signed with. The secret is
 * kept in the clear because verifying needs it (like webhook secrets). Times are epoch ms.
 */
export const identity: Migration = {
  version: 10,
  name: 'identity',
  sql: `
    CREATE TABLE identity_settings (
      environment_id TEXT PRIMARY KEY REFERENCES environments(id),
      required INTEGER NOT NULL CHECK (required IN (0, 1)),
      secret TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `,
};
