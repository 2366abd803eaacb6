import type { Migration } from './index';

/**
 * Whether an environment lets trials and requests to the admins through without an identity token
 * while verification is off. 0 (no) for every environment, existing ones included: an action that
 * grants something needs a verified person unless the operator opts out explicitly.
 */
export const unverifiedActions: Migration = {
  version: 15,
  name: 'unverified_actions',
  sql: `
    ALTER TABLE identity_settings ADD COLUMN unverified_actions INTEGER NOT NULL DEFAULT 0 CHECK (unverified_actions IN (0, 1));
  `,
};
