import type { Migration } from './index';

/**
 * Daily counts of events past the retention, kept after the raw rows are deleted. Absent fields
 * are stored as '' (not NULL) so they take part in the primary key: prompt events have name '',
 * track events have rule_id, variant, tier and surface ''. `day` is the UTC day of `occurred_at`.
 */
export const eventRollups: Migration = {
  version: 11,
  name: 'event_rollups',
  sql: `
    CREATE TABLE event_rollups (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      day TEXT NOT NULL,
      rule_id TEXT NOT NULL,
      variant TEXT NOT NULL,
      tier TEXT NOT NULL,
      surface TEXT NOT NULL,
      type TEXT NOT NULL,
      name TEXT NOT NULL,
      count INTEGER NOT NULL CHECK (count > 0),
      PRIMARY KEY (environment_id, day, rule_id, variant, tier, surface, type, name)
    ) WITHOUT ROWID;
    CREATE INDEX events_by_receipt ON events (received_at);
  `,
};
