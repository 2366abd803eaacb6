import { storedEventTime } from '../services/event-time';
import type { Event, EventProps } from '../../shared/schemas/event';

/**
 * The statement every event is stored with; the ingest benchmark's baseline runs it too. Any unique
 * index makes a row a duplicate: the event id, and for exposures the person, rule and day (migration 19).
 */
export const INSERT_EVENT_SQL = `INSERT INTO events
  (environment_id, event_id, type, user_id, account_id, rule_id, tier, variant, surface, config_version, name, props, reason, note, occurred_at, received_at)
  VALUES (@env, @id, @type, @userId, @accountId, @ruleId, @tier, @variant, @surface, @configVersion, @name, @props, @reason, @note, @at, @receivedAt)
  ON CONFLICT DO NOTHING`;

/** What an event's type keeps in `props` beside the host's props: a drop's count, an exposure's trigger and locale. */
function extraProps(e: Event): EventProps | undefined {
  if (e.type === 'dropped') return { count: e.count };
  if (e.type === 'exposure') return { ...e.props, trigger: e.trigger, ...(e.locale ? { locale: e.locale } : {}) };
  return e.props;
}

/** The named parameters `INSERT_EVENT_SQL` binds for one event. */
export function eventRow(environmentId: string, e: Event, receivedAt: number): Record<string, string | number | null> {
  const prompt = e.type === 'track' || e.type === 'dropped' ? undefined : e;
  const extra = extraProps(e);
  return {
    env: environmentId,
    id: e.id,
    type: e.type,
    userId: e.userId,
    accountId: e.accountId,
    ruleId: prompt?.ruleId ?? null,
    tier: prompt?.tier ?? null,
    variant: prompt?.variant ?? null,
    surface: prompt?.surface ?? null,
    configVersion: prompt?.configVersion ?? null,
    name: e.type === 'track' ? e.name : null,
    props: extra ? JSON.stringify(extra) : null,
    reason: e.type === 'decline' ? e.reason : null,
    note: e.type === 'decline' ? (e.note ?? null) : null,
    at: storedEventTime(e.at, receivedAt),
    receivedAt,
  };
}
