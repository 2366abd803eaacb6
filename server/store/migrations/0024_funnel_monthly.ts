import type { Migration } from './index';

/**
 * `funnel_monthly`: `funnel_daily`'s counts summed per UTC month ('YYYY-MM'), every dimension kept.
 * A filter and a breakdown on two different dimensions cannot read the one-dimension sums
 * (`funnel_dims`) and read every combination instead: over a year that is a row per combination
 * and day. Whole months of the range now come from here, and only the days at either end that do
 * not fill a month from `funnel_daily` (a year of `?by=locale&tier=p95` on the bench dataset:
 * ~13,000 rows instead of ~93,000, 8 ms → 0.8 ms warm). Kept current with `funnel_daily`, in the
 * same transaction; backfilled from it.
 */
export const funnelMonthly: Migration = {
  version: 24,
  name: 'funnel_monthly',
  sql: `
    CREATE TABLE funnel_monthly (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      month TEXT NOT NULL,
      rule_id TEXT NOT NULL,
      variant TEXT NOT NULL,
      tier TEXT NOT NULL,
      surface TEXT NOT NULL,
      locale TEXT NOT NULL,
      trig TEXT NOT NULL,
      stage TEXT NOT NULL,
      count INTEGER NOT NULL CHECK (count > 0),
      PRIMARY KEY (environment_id, month, rule_id, variant, tier, surface, locale, trig, stage)
    ) WITHOUT ROWID;

    INSERT INTO funnel_monthly (environment_id, month, rule_id, variant, tier, surface, locale, trig, stage, count)
    SELECT environment_id, substr(day, 1, 7), rule_id, variant, tier, surface, locale, trig, stage, SUM(count) FROM funnel_daily
     GROUP BY environment_id, substr(day, 1, 7), rule_id, variant, tier, surface, locale, trig, stage;
  `,
};
