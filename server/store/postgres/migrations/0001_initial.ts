import type { PgMigration } from '../migrate';

/**
 * The whole schema as SQLite's migrations 1 to 26 left it, in PostgreSQL's terms. A PostgreSQL
 * database starts here; its later changes are versions 2 and up, numbered apart from SQLite's.
 * - Every integer is BIGINT (epoch ms, cents and counts); SQLite's REAL is DOUBLE PRECISION.
 * - Text sorts and compares by bytes (`COLLATE "C"`), as SQLite's BINARY does, whatever locale the
 *   database was created with: lists, pages and CSV exports come out in the same order on both.
 * - Tables listed in creation order (environments, secret keys, people, deliveries, conversions)
 *   carry `seq` where SQLite has its rowid.
 * - The audit log refuses updates and deletes by trigger, as in SQLite.
 */
export const initial: PgMigration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE environments (
      seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
      id TEXT COLLATE "C" PRIMARY KEY,
      name TEXT COLLATE "C" NOT NULL,
      publishable_key TEXT COLLATE "C" NOT NULL UNIQUE,
      secret_key_hash TEXT COLLATE "C" NOT NULL UNIQUE,
      allowed_origins TEXT COLLATE "C" NOT NULL DEFAULT '[]',
      created_at TEXT COLLATE "C" NOT NULL
    , previous_publishable_key TEXT COLLATE "C", previous_key_expires_at BIGINT, deleted_at BIGINT);
CREATE TABLE config_versions (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      version BIGINT NOT NULL,
      etag TEXT COLLATE "C" NOT NULL,
      body TEXT COLLATE "C" NOT NULL,
      published_at TEXT COLLATE "C" NOT NULL, published_by TEXT COLLATE "C", note TEXT COLLATE "C", rolled_back_to BIGINT,
      PRIMARY KEY (environment_id, version)
    );
CREATE TABLE events (
      seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      event_id TEXT COLLATE "C" NOT NULL,
      type TEXT COLLATE "C" NOT NULL,
      user_id TEXT COLLATE "C" NOT NULL,
      account_id TEXT COLLATE "C" NOT NULL,
      rule_id TEXT COLLATE "C",
      tier TEXT COLLATE "C",
      variant TEXT COLLATE "C",
      surface TEXT COLLATE "C",
      config_version BIGINT,
      name TEXT COLLATE "C",
      props TEXT COLLATE "C",
      -- UTC epoch milliseconds. occurred_at is the client's time, never later than received_at.
      occurred_at BIGINT NOT NULL,
      received_at BIGINT NOT NULL
    , reason TEXT COLLATE "C", note TEXT COLLATE "C");
CREATE UNIQUE INDEX events_dedup ON events (environment_id, event_id);
CREATE INDEX events_by_rule ON events (environment_id, rule_id, type, occurred_at);
CREATE INDEX events_by_account ON events (environment_id, account_id, occurred_at);
CREATE TABLE draft_rules (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      rule_id TEXT COLLATE "C" NOT NULL,
      body TEXT COLLATE "C" NOT NULL,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (environment_id, rule_id)
    );
CREATE TABLE draft_catalogs (
      environment_id TEXT COLLATE "C" PRIMARY KEY REFERENCES environments(id),
      body TEXT COLLATE "C" NOT NULL,
      updated_at BIGINT NOT NULL
    );
CREATE TABLE usage_snapshots (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      account_id TEXT COLLATE "C" NOT NULL,
      metric TEXT COLLATE "C" NOT NULL,
      day TEXT COLLATE "C" NOT NULL,
      value DOUBLE PRECISION NOT NULL,
      taken_at BIGINT NOT NULL,
      PRIMARY KEY (environment_id, account_id, metric, day)
    );
CREATE INDEX events_by_user ON events (environment_id, account_id, user_id, type, occurred_at);
CREATE TABLE draft_settings (
      environment_id TEXT COLLATE "C" PRIMARY KEY REFERENCES environments(id),
      body TEXT COLLATE "C" NOT NULL,
      updated_at BIGINT NOT NULL
    );
CREATE INDEX events_by_account_type ON events (environment_id, account_id, type, occurred_at, rule_id, tier);
CREATE TABLE trials (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      account_id TEXT COLLATE "C" NOT NULL,
      offer_id TEXT COLLATE "C" NOT NULL,
      started_at BIGINT NOT NULL,
      ends_at BIGINT NOT NULL,
      PRIMARY KEY (environment_id, account_id, offer_id)
    );
CREATE TABLE webhook_endpoints (
      environment_id TEXT COLLATE "C" PRIMARY KEY REFERENCES environments(id),
      url TEXT COLLATE "C" NOT NULL,
      events TEXT COLLATE "C",
      secret TEXT COLLATE "C" NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
CREATE TABLE webhook_deliveries (
      seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
      id TEXT COLLATE "C" PRIMARY KEY,
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      event_type TEXT COLLATE "C" NOT NULL,
      payload TEXT COLLATE "C" NOT NULL,
      attempts BIGINT NOT NULL DEFAULT 0,
      status TEXT COLLATE "C" NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
      last_status BIGINT,
      last_error TEXT COLLATE "C",
      next_attempt_at BIGINT,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_environment ON webhook_deliveries (environment_id, created_at);
CREATE TABLE admin_requests (
      id TEXT COLLATE "C" PRIMARY KEY,
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      account_id TEXT COLLATE "C" NOT NULL,
      user_id TEXT COLLATE "C" NOT NULL,
      rule_id TEXT COLLATE "C" NOT NULL,
      role TEXT COLLATE "C",
      note TEXT COLLATE "C",
      created_at BIGINT NOT NULL
    );
CREATE INDEX admin_requests_latest ON admin_requests (environment_id, account_id, user_id, rule_id, created_at);
CREATE TABLE conversions (
      seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
      id TEXT COLLATE "C" PRIMARY KEY,
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      idempotency_key TEXT COLLATE "C" NOT NULL,
      source TEXT COLLATE "C" NOT NULL,
      account_id TEXT COLLATE "C" NOT NULL,
      type TEXT COLLATE "C" NOT NULL,
      mrr_delta BIGINT NOT NULL,
      currency TEXT COLLATE "C" NOT NULL,
      plan TEXT COLLATE "C",
      occurred_at BIGINT NOT NULL,
      created_at BIGINT NOT NULL,
      touch_type TEXT COLLATE "C",
      touch_rule_id TEXT COLLATE "C",
      touch_variant TEXT COLLATE "C",
      touch_tier TEXT COLLATE "C",
      touch_surface TEXT COLLATE "C",
      touch_at BIGINT
    , global_holdout BIGINT NOT NULL DEFAULT 0, holdout_rules TEXT COLLATE "C" NOT NULL DEFAULT '[]');
CREATE UNIQUE INDEX conversions_idempotency ON conversions (environment_id, idempotency_key);
CREATE INDEX conversions_newest ON conversions (environment_id, occurred_at);
CREATE TABLE stripe_endpoints (
      environment_id TEXT COLLATE "C" PRIMARY KEY REFERENCES environments(id),
      secret TEXT COLLATE "C" NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
CREATE TABLE stripe_subscriptions (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      subscription_id TEXT COLLATE "C" NOT NULL,
      account_id TEXT COLLATE "C" NOT NULL,
      mrr BIGINT NOT NULL,
      -- The Stripe event time of that MRR: Stripe does not promise order, so an older event changes nothing.
      event_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (environment_id, subscription_id)
    );
CREATE TABLE identity_settings (
      environment_id TEXT COLLATE "C" PRIMARY KEY REFERENCES environments(id),
      required BIGINT NOT NULL CHECK (required IN (0, 1)),
      secret TEXT COLLATE "C" NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    , previous_secret TEXT COLLATE "C", previous_expires_at BIGINT, unverified_actions BIGINT NOT NULL DEFAULT 0 CHECK (unverified_actions IN (0, 1)));
CREATE TABLE event_rollups (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      day TEXT COLLATE "C" NOT NULL,
      rule_id TEXT COLLATE "C" NOT NULL,
      variant TEXT COLLATE "C" NOT NULL,
      tier TEXT COLLATE "C" NOT NULL,
      surface TEXT COLLATE "C" NOT NULL,
      type TEXT COLLATE "C" NOT NULL,
      name TEXT COLLATE "C" NOT NULL,
      count BIGINT NOT NULL CHECK (count > 0),
      PRIMARY KEY (environment_id, day, rule_id, variant, tier, surface, type, name)
    );
CREATE INDEX events_by_receipt ON events (received_at);
CREATE TABLE stripe_events (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      event_id TEXT COLLATE "C" NOT NULL,
      received_at BIGINT NOT NULL,
      PRIMARY KEY (environment_id, event_id)
    );
CREATE TABLE stripe_customers (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      customer_id TEXT COLLATE "C" NOT NULL,
      account_id TEXT COLLATE "C",
      event_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (environment_id, customer_id)
    );
CREATE TABLE users (
      seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
      id TEXT COLLATE "C" PRIMARY KEY,
      email TEXT COLLATE "C" NOT NULL UNIQUE,
      name TEXT COLLATE "C",
      role TEXT COLLATE "C" NOT NULL CHECK (role IN ('viewer', 'editor', 'publisher', 'owner')),
      password_hash TEXT COLLATE "C" NOT NULL,
      created_at BIGINT NOT NULL,
      last_sign_in_at BIGINT
    );
CREATE TABLE sessions (
      id_hash TEXT COLLATE "C" PRIMARY KEY,
      user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token TEXT COLLATE "C" NOT NULL,
      created_at BIGINT NOT NULL,
      last_seen_at BIGINT NOT NULL
    );
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE TABLE invites (
      id TEXT COLLATE "C" PRIMARY KEY,
      token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
      email TEXT COLLATE "C" NOT NULL,
      role TEXT COLLATE "C" NOT NULL CHECK (role IN ('viewer', 'editor', 'publisher', 'owner')),
      invited_by TEXT COLLATE "C",
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      accepted_at BIGINT
    );
CREATE TABLE secret_keys (
      seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
      id TEXT COLLATE "C" PRIMARY KEY,
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      name TEXT COLLATE "C" NOT NULL,
      key_hash TEXT COLLATE "C" NOT NULL UNIQUE,
      prefix TEXT COLLATE "C" NOT NULL,
      created_at BIGINT NOT NULL,
      last_used_at BIGINT,
      revoked_at BIGINT
    );
CREATE INDEX secret_keys_by_environment ON secret_keys (environment_id);
CREATE INDEX environments_by_previous_key ON environments (previous_publishable_key);
CREATE TABLE audit_log (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at BIGINT NOT NULL,
      actor_type TEXT COLLATE "C" NOT NULL,
      actor_id TEXT COLLATE "C",
      actor_label TEXT COLLATE "C" NOT NULL,
      environment_id TEXT COLLATE "C",
      kind TEXT COLLATE "C" NOT NULL,
      action TEXT COLLATE "C" NOT NULL,
      target TEXT COLLATE "C",
      changes TEXT COLLATE "C" NOT NULL,
      ip TEXT COLLATE "C"
    );
CREATE INDEX audit_by_actor ON audit_log (actor_id, id);
CREATE INDEX audit_by_kind ON audit_log (kind, id);
CREATE INDEX audit_by_time ON audit_log (at);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TABLE origin_activity (
      environment_id TEXT COLLATE "C" NOT NULL,
      origin TEXT COLLATE "C" NOT NULL,
      minute BIGINT NOT NULL,
      config_fetches BIGINT NOT NULL DEFAULT 0,
      events BIGINT NOT NULL DEFAULT 0,
      PRIMARY KEY (environment_id, origin, minute)
    );
CREATE TABLE account_sightings (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      account_id TEXT COLLATE "C" NOT NULL,
      user_id TEXT COLLATE "C" NOT NULL,
      plan TEXT COLLATE "C" NOT NULL,
      context TEXT COLLATE "C" NOT NULL,
      state TEXT COLLATE "C" NOT NULL,
      seen_at BIGINT NOT NULL,
      PRIMARY KEY (environment_id, account_id)
    );
CREATE INDEX account_sightings_by_seen ON account_sightings (environment_id, seen_at);
CREATE UNIQUE INDEX events_exposure_daily ON events (environment_id, rule_id, account_id, user_id, (occurred_at / 86400000))
      WHERE type = 'exposure';
CREATE INDEX conversions_by_account ON conversions (environment_id, account_id, occurred_at);
CREATE TABLE exposure_accounts (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      rule_id TEXT COLLATE "C" NOT NULL,
      account_id TEXT COLLATE "C" NOT NULL,
      variant TEXT COLLATE "C" NOT NULL,
      first_at BIGINT NOT NULL,
      day TEXT COLLATE "C" NOT NULL,
      tier TEXT COLLATE "C",
      surface TEXT COLLATE "C" NOT NULL,
      trigger TEXT COLLATE "C" NOT NULL,
      locale TEXT COLLATE "C",
      converted_at BIGINT,
      expansions BIGINT NOT NULL DEFAULT 0,
      expansion_mrr BIGINT NOT NULL DEFAULT 0,
      currencies TEXT COLLATE "C" NOT NULL DEFAULT '',
      PRIMARY KEY (environment_id, rule_id, account_id)
    );
CREATE INDEX exposure_accounts_by_account ON exposure_accounts (environment_id, account_id, first_at);
CREATE INDEX exposure_accounts_converted ON exposure_accounts (environment_id, day, rule_id, first_at, converted_at)
      WHERE converted_at IS NOT NULL;
CREATE INDEX exposure_accounts_converted_by_rule ON exposure_accounts (environment_id, rule_id, day, first_at, converted_at)
      WHERE converted_at IS NOT NULL;
CREATE TABLE exposure_cohorts (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      day TEXT COLLATE "C" NOT NULL,
      rule_id TEXT COLLATE "C" NOT NULL,
      variant TEXT COLLATE "C" NOT NULL,
      trigger TEXT COLLATE "C" NOT NULL,
      currencies TEXT COLLATE "C" NOT NULL,
      accounts BIGINT NOT NULL CHECK (accounts >= 0),
      converted BIGINT NOT NULL,
      expansion_mrr BIGINT NOT NULL,
      mrr_sum_squares DOUBLE PRECISION NOT NULL,
      PRIMARY KEY (environment_id, rule_id, variant, trigger, currencies, day)
    );
CREATE TABLE mrr_movements (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      account_id TEXT COLLATE "C" NOT NULL,
      conversion_id TEXT COLLATE "C" NOT NULL,
      currency TEXT COLLATE "C" NOT NULL,
      occurred_at BIGINT NOT NULL,
      kind TEXT COLLATE "C",
      amount BIGINT NOT NULL,
      mrr_before BIGINT NOT NULL,
      mrr_after BIGINT NOT NULL,
      rule_id TEXT COLLATE "C",
      variant TEXT COLLATE "C",
      PRIMARY KEY (environment_id, account_id, conversion_id)
    );
CREATE INDEX mrr_movements_attributed ON mrr_movements (environment_id, currency, occurred_at, rule_id, variant, amount)
      WHERE kind = 'expansion' AND rule_id IS NOT NULL;
CREATE TABLE mrr_account_months (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      account_id TEXT COLLATE "C" NOT NULL,
      currency TEXT COLLATE "C" NOT NULL,
      dimension TEXT COLLATE "C" NOT NULL,
      segment TEXT COLLATE "C" NOT NULL,
      month TEXT COLLATE "C" NOT NULL,
      new BIGINT NOT NULL,
      expansion BIGINT NOT NULL,
      reactivation BIGINT NOT NULL,
      contraction BIGINT NOT NULL,
      churn BIGINT NOT NULL,
      expanded BIGINT NOT NULL,
      start_mrr BIGINT NOT NULL,
      start_accounts BIGINT NOT NULL,
      end_mrr BIGINT NOT NULL,
      end_accounts BIGINT NOT NULL,
      first_expansion_days DOUBLE PRECISION,
      -- Clustered for the reads (a range of months); the rewrite of one account goes through the index.
      PRIMARY KEY (environment_id, currency, dimension, month, segment, account_id)
    );
CREATE INDEX mrr_account_months_by_account ON mrr_account_months (environment_id, account_id);
CREATE INDEX mrr_account_months_first_expansion ON mrr_account_months (environment_id, currency, dimension, month, segment, first_expansion_days)
      WHERE first_expansion_days IS NOT NULL;
CREATE TABLE mrr_months (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      currency TEXT COLLATE "C" NOT NULL,
      dimension TEXT COLLATE "C" NOT NULL,
      segment TEXT COLLATE "C" NOT NULL,
      month TEXT COLLATE "C" NOT NULL,
      new BIGINT NOT NULL,
      expansion BIGINT NOT NULL,
      reactivation BIGINT NOT NULL,
      contraction BIGINT NOT NULL,
      churn BIGINT NOT NULL,
      expanded BIGINT NOT NULL,
      start_mrr BIGINT NOT NULL,
      start_accounts BIGINT NOT NULL,
      end_mrr BIGINT NOT NULL,
      end_accounts BIGINT NOT NULL,
      PRIMARY KEY (environment_id, currency, dimension, segment, month)
    );
CREATE TABLE mrr_pending (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      account_id TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (environment_id, account_id)
    );
CREATE TABLE account_people (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      account_id TEXT COLLATE "C" NOT NULL,
      user_id TEXT COLLATE "C" NOT NULL,
      role TEXT COLLATE "C",
      last_seen BIGINT NOT NULL,
      PRIMARY KEY (environment_id, account_id, user_id)
    );
CREATE TABLE account_readiness (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      account_id TEXT COLLATE "C" NOT NULL,
      plan TEXT COLLATE "C",
      score BIGINT NOT NULL,
      band TEXT COLLATE "C" NOT NULL,
      fix_first BIGINT NOT NULL,
      usage DOUBLE PRECISION NOT NULL,
      breadth DOUBLE PRECISION NOT NULL,
      exploration DOUBLE PRECISION NOT NULL,
      growth DOUBLE PRECISION NOT NULL,
      signals TEXT COLLATE "C" NOT NULL,
      updated_at BIGINT NOT NULL, csv_line TEXT COLLATE "C",
      PRIMARY KEY (environment_id, account_id)
    );
CREATE INDEX account_readiness_by_score ON account_readiness (environment_id, score, account_id);
CREATE INDEX account_readiness_filters ON account_readiness (environment_id, band, fix_first, plan, score);
CREATE INDEX account_readiness_by_update ON account_readiness (environment_id, updated_at, account_id);
CREATE TABLE funnel_daily (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      day TEXT COLLATE "C" NOT NULL,
      rule_id TEXT COLLATE "C" NOT NULL,
      variant TEXT COLLATE "C" NOT NULL,
      tier TEXT COLLATE "C" NOT NULL,
      surface TEXT COLLATE "C" NOT NULL,
      locale TEXT COLLATE "C" NOT NULL,
      trig TEXT COLLATE "C" NOT NULL,
      stage TEXT COLLATE "C" NOT NULL,
      count BIGINT NOT NULL CHECK (count > 0),
      PRIMARY KEY (environment_id, day, rule_id, variant, tier, surface, locale, trig, stage)
    );
CREATE TABLE funnel_dims (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      dim TEXT COLLATE "C" NOT NULL,
      day TEXT COLLATE "C" NOT NULL,
      rule_id TEXT COLLATE "C" NOT NULL,
      trig TEXT COLLATE "C" NOT NULL,
      value TEXT COLLATE "C" NOT NULL,
      stage TEXT COLLATE "C" NOT NULL,
      count BIGINT NOT NULL CHECK (count > 0),
      PRIMARY KEY (environment_id, dim, rule_id, trig, value, stage, day)
    );
CREATE TABLE decline_daily (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      day TEXT COLLATE "C" NOT NULL,
      rule_id TEXT COLLATE "C" NOT NULL,
      reason TEXT COLLATE "C" NOT NULL,
      count BIGINT NOT NULL CHECK (count > 0),
      PRIMARY KEY (environment_id, day, rule_id, reason)
    );
CREATE TABLE account_traits (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      account_id TEXT COLLATE "C" NOT NULL,
      name TEXT COLLATE "C" NOT NULL,
      value TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (environment_id, account_id, name)
    );
CREATE TABLE funnel_monthly (
      environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id),
      month TEXT COLLATE "C" NOT NULL,
      rule_id TEXT COLLATE "C" NOT NULL,
      variant TEXT COLLATE "C" NOT NULL,
      tier TEXT COLLATE "C" NOT NULL,
      surface TEXT COLLATE "C" NOT NULL,
      locale TEXT COLLATE "C" NOT NULL,
      trig TEXT COLLATE "C" NOT NULL,
      stage TEXT COLLATE "C" NOT NULL,
      count BIGINT NOT NULL CHECK (count > 0),
      PRIMARY KEY (environment_id, month, rule_id, variant, tier, surface, locale, trig, stage)
    );
`,
};
