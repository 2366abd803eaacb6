import type { Migration } from './index';

/**
 * Who published each version and why: the actor's label (a person's email, or a secret key's name
 * and prefix), the publisher's note, and for a rollback the version whose content it republished.
 * Versions published before this migration have none of them (null).
 */
export const versionNotes: Migration = {
  version: 17,
  name: 'version_notes',
  sql: `
    ALTER TABLE config_versions ADD COLUMN published_by TEXT;
    ALTER TABLE config_versions ADD COLUMN note TEXT;
    ALTER TABLE config_versions ADD COLUMN rolled_back_to INTEGER;
  `,
};
