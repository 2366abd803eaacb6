/**
 * The statement every event is stored with; the ingest benchmark's baseline runs it too. Any unique
 * index makes a row a duplicate: the event id, and for exposures the person, rule and day (migration 19).
 */
export const INSERT_EVENT_SQL = `INSERT INTO events
  (environment_id, event_id, type, user_id, account_id, rule_id, tier, variant, surface, config_version, name, props, reason, note, occurred_at, received_at)
  VALUES (@env, @id, @type, @userId, @accountId, @ruleId, @tier, @variant, @surface, @configVersion, @name, @props, @reason, @note, @at, @receivedAt)
  ON CONFLICT DO NOTHING`;
