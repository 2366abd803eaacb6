import type { Migration } from './index';

/**
 * The secret an environment rotated away from, and until when (epoch ms) tokens it signed are still
 * taken: a routine rotation keeps the old secret working for a while, so tokens already in pages
 * and events already queued under them are not refused. Null after a rotation that ends it at once.
 */
export const identityPreviousSecret: Migration = {
  version: 14,
  name: 'identity_previous_secret',
  sql: `
    ALTER TABLE identity_settings ADD COLUMN previous_secret TEXT;
    ALTER TABLE identity_settings ADD COLUMN previous_expires_at INTEGER;
  `,
};
