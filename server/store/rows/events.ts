import { storedEventTime } from '../../services/event-time';
import type { Event, EventProps } from '../../../shared/schemas/event';

/** What an event's type keeps in `props` beside the host's props: a drop's count, an exposure's trigger and locale. */
function extraProps(e: Event): EventProps | undefined {
  if (e.type === 'dropped') return { count: e.count };
  if (e.type === 'exposure') return { ...e.props, trigger: e.trigger, ...(e.locale ? { locale: e.locale } : {}) };
  return e.props;
}

/** One event as a row of `events`, by column: SQLite binds it by name (`INSERT_EVENT_SQL`), PostgreSQL column by column. */
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
