import type { Migration } from './index';

/**
 * Each account's row of the readiness CSV export, written with its score, so exporting 50,000
 * accounts streams stored text in index order instead of parsing and formatting every score's
 * signals per request. Scores saved before this have none; the export formats those on the fly.
 */
export const readinessCsv: Migration = {
  version: 26,
  name: 'readiness_csv',
  sql: `ALTER TABLE account_readiness ADD COLUMN csv_line TEXT;`,
};
