import type { Migration } from './index';

/**
 * Exposures, the experiments' denominator. `events_exposure_daily` keeps one `exposure` event per
 * person, rule and UTC day of `occurred_at` (epoch ms / 86,400,000), whatever the client resends
 * after a reload: a repeat is a duplicate.
 *
 * `exposure_accounts` holds each account's first exposure to each rule (its arm: '' for a rule's
 * single unnamed arm, `holdout`, or a variant id) and its expansion since: the first expansion
 * conversion at or after `first_at`, how many, their MRR sum and currencies (sorted, comma-joined).
 * `exposure_cohorts` sums those rows per UTC day of first exposure, rule, arm, trigger type and
 * currencies, so an experiment over a year reads a few thousand rows instead of every account;
 * `mrr_sum_squares` (Σ per-account MRR², REAL as it can pass 2^63) gives the MRR's variance. Its key
 * leads with the arm, not the day, so summing a range streams through it in group order (a year
 * of 20 rules: 48 ms instead of 285 ms with a day-first key, measured under load).
 * Both are kept current in the transaction that stores an exposure or a conversion.
 *
 * Nothing to backfill: no `exposure` event could be stored before this version, and a cohort
 * starts with a first exposure (conversions already stored are read when it lands).
 */
export const exposures: Migration = {
  version: 19,
  name: 'exposures',
  sql: `
    CREATE UNIQUE INDEX events_exposure_daily ON events (environment_id, rule_id, account_id, user_id, occurred_at / 86400000)
      WHERE type = 'exposure';
    CREATE INDEX conversions_by_account ON conversions (environment_id, account_id, occurred_at);

    CREATE TABLE exposure_accounts (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      rule_id TEXT NOT NULL,
      account_id TEXT NOT NULL,
      variant TEXT NOT NULL,
      first_at INTEGER NOT NULL,
      day TEXT NOT NULL,
      tier TEXT,
      surface TEXT NOT NULL,
      trigger TEXT NOT NULL,
      locale TEXT,
      converted_at INTEGER,
      expansions INTEGER NOT NULL DEFAULT 0,
      expansion_mrr INTEGER NOT NULL DEFAULT 0,
      currencies TEXT NOT NULL DEFAULT '',
      PRIMARY KEY (environment_id, rule_id, account_id)
    ) WITHOUT ROWID;
    CREATE INDEX exposure_accounts_by_account ON exposure_accounts (environment_id, account_id, first_at);
    CREATE INDEX exposure_accounts_converted ON exposure_accounts (environment_id, day, rule_id, first_at, converted_at)
      WHERE converted_at IS NOT NULL;
    CREATE INDEX exposure_accounts_converted_by_rule ON exposure_accounts (environment_id, rule_id, day, first_at, converted_at)
      WHERE converted_at IS NOT NULL;

    CREATE TABLE exposure_cohorts (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      day TEXT NOT NULL,
      rule_id TEXT NOT NULL,
      variant TEXT NOT NULL,
      trigger TEXT NOT NULL,
      currencies TEXT NOT NULL,
      accounts INTEGER NOT NULL CHECK (accounts >= 0),
      converted INTEGER NOT NULL,
      expansion_mrr INTEGER NOT NULL,
      mrr_sum_squares REAL NOT NULL,
      PRIMARY KEY (environment_id, rule_id, variant, trigger, currencies, day)
    ) WITHOUT ROWID;
  `,
};
