import type { Migration } from './index';

/**
 * Whether the account was held out when a conversion was stored, so lift can be measured against
 * the holdout: `global_holdout` (the environment's holdout: no prompt at all) and `holdout_rules`, a
 * JSON array of the ids of the live rules whose experiment held the account out. Rows stored before
 * this read as not held out.
 */
export const conversionHoldout: Migration = {
  version: 12,
  name: 'conversion_holdout',
  sql: `
    ALTER TABLE conversions ADD COLUMN global_holdout INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE conversions ADD COLUMN holdout_rules TEXT NOT NULL DEFAULT '[]';
  `,
};
