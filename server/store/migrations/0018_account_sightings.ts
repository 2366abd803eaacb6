import type { Migration } from './index';

/**
 * The latest context the widget sent for each account (`POST /v1/state`): plan, usage, limits,
 * add-ons, age, health, locale, and the person it came from, with the history the server answered
 * that person (`state`: impressions, dismissals, event times, forecast, period peaks, trials).
 * Preview as a customer rebuilds a real account from it, and reach reads every account seen in the
 * last 30 days in one indexed pass, by `seen_at`, instead of reading events and daily snapshots
 * per account (50,000 accounts visiting daily keep some 20 million snapshots). `context` and
 * `state` are JSON (a `Context` and a `State`).
 */
export const accountSightings: Migration = {
  version: 18,
  name: 'account_sightings',
  sql: `
    CREATE TABLE account_sightings (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      account_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      plan TEXT NOT NULL,
      context TEXT NOT NULL,
      state TEXT NOT NULL,
      seen_at INTEGER NOT NULL,
      PRIMARY KEY (environment_id, account_id)
    ) WITHOUT ROWID;
    CREATE INDEX account_sightings_by_seen ON account_sightings (environment_id, seen_at);
  `,
};
