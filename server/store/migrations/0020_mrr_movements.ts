import type { Migration } from './index';

/**
 * The revenue scoreboard's tables, rewritten for an account in the transaction that stores each of
 * its conversions (so a late conversion reclassifies what follows it). `mrr_movements`: every
 * conversion as a movement of the account's MRR in its currency (`kind` null when it moved
 * nothing), with the prompt it was credited to. `mrr_account_months`: each account's contribution
 * to a month of a segment (`dimension` `all`, or `plan` at the start of the month), only in months
 * it changed. `mrr_months`: their sums, so a year of months reads a few hundred rows; a month's
 * start MRR is the running sum of `end_mrr − start_mrr` over the months before it. `mrr_pending`:
 * accounts whose conversions are not classified yet (those stored before this version), which the
 * server classifies at startup (the rules live in code, not SQL). Amounts are integer minor units;
 * times epoch ms.
 */
export const mrrMovements: Migration = {
  version: 20,
  name: 'mrr_movements',
  sql: `
    CREATE INDEX IF NOT EXISTS conversions_by_account ON conversions (environment_id, account_id, occurred_at);

    CREATE TABLE mrr_movements (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      account_id TEXT NOT NULL,
      conversion_id TEXT NOT NULL,
      currency TEXT NOT NULL,
      occurred_at INTEGER NOT NULL,
      kind TEXT,
      amount INTEGER NOT NULL,
      mrr_before INTEGER NOT NULL,
      mrr_after INTEGER NOT NULL,
      rule_id TEXT,
      variant TEXT,
      PRIMARY KEY (environment_id, account_id, conversion_id)
    ) WITHOUT ROWID;
    CREATE INDEX mrr_movements_attributed ON mrr_movements (environment_id, currency, occurred_at, rule_id, variant, amount)
      WHERE kind = 'expansion' AND rule_id IS NOT NULL;

    CREATE TABLE mrr_account_months (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      account_id TEXT NOT NULL,
      currency TEXT NOT NULL,
      dimension TEXT NOT NULL,
      segment TEXT NOT NULL,
      month TEXT NOT NULL,
      new INTEGER NOT NULL,
      expansion INTEGER NOT NULL,
      reactivation INTEGER NOT NULL,
      contraction INTEGER NOT NULL,
      churn INTEGER NOT NULL,
      expanded INTEGER NOT NULL,
      start_mrr INTEGER NOT NULL,
      start_accounts INTEGER NOT NULL,
      end_mrr INTEGER NOT NULL,
      end_accounts INTEGER NOT NULL,
      first_expansion_days REAL,
      -- Clustered for the reads (a range of months); the rewrite of one account goes through the index.
      PRIMARY KEY (environment_id, currency, dimension, month, segment, account_id)
    ) WITHOUT ROWID;
    CREATE INDEX mrr_account_months_by_account ON mrr_account_months (environment_id, account_id);
    CREATE INDEX mrr_account_months_first_expansion ON mrr_account_months (environment_id, currency, dimension, month, segment, first_expansion_days)
      WHERE first_expansion_days IS NOT NULL;

    CREATE TABLE mrr_months (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      currency TEXT NOT NULL,
      dimension TEXT NOT NULL,
      segment TEXT NOT NULL,
      month TEXT NOT NULL,
      new INTEGER NOT NULL,
      expansion INTEGER NOT NULL,
      reactivation INTEGER NOT NULL,
      contraction INTEGER NOT NULL,
      churn INTEGER NOT NULL,
      expanded INTEGER NOT NULL,
      start_mrr INTEGER NOT NULL,
      start_accounts INTEGER NOT NULL,
      end_mrr INTEGER NOT NULL,
      end_accounts INTEGER NOT NULL,
      PRIMARY KEY (environment_id, currency, dimension, segment, month)
    ) WITHOUT ROWID;

    CREATE TABLE mrr_pending (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      account_id TEXT NOT NULL,
      PRIMARY KEY (environment_id, account_id)
    ) WITHOUT ROWID;
    INSERT INTO mrr_pending (environment_id, account_id) SELECT DISTINCT environment_id, account_id FROM conversions;
  `,
};
