import type { Config } from '../../../shared/schemas/config';
import type { State } from '../../../shared/schemas/state';
import type { ReadinessHighWebhook } from '../../../shared/schemas/webhook';
import { own } from '../../../shared/engine/own';
import { iso } from '../../infra/iso';
import type { PersonQuery } from '../person-state';
import type { Seen } from '../state-input';
import type { StoredReadiness } from '../../store/readiness-types';
import type { Store } from '../../store/types';
import type { WebhookMessage } from '../../store/webhook-types';
import { newMessageId } from '../webhooks/sign';
import { readinessCsvLine } from './readiness-csv';
import { entersHigh, GATE_PREFIX, scoreReadiness, type ReadinessInput } from './readiness';

const DAY = 86_400_000;
/** Breadth and exploration look back this far (the playbook's "last 30 days"). */
export const READINESS_WINDOW_DAYS = 30;

/** Monthly growth of a metric: the forecast's slope against usage now, else the last two completed periods' peaks. */
function monthlyGrowth(state: State, metric: string, usage: number): number | null {
  const f = own(state.forecast, metric);
  if (f && usage > 0) return (f.perDay * 30) / usage;
  const peaks = own(state.periods, metric);
  if (peaks && peaks.length >= 2) {
    const [before, last] = peaks.slice(-2) as [number, number];
    if (before > 0) return last / before - 1;
  }
  return null;
}

/** What a visit tells the score: the usage kept from it, the account's effective limits, and the readable context. */
export interface Visit {
  query: PersonQuery;
  usage: Readonly<Record<string, number>>;
  limits: Readonly<Record<string, number>>;
  seen: Seen;
  /** The state the person is answered (forecast, period peaks, trials). */
  state: State;
}

/** The `account.readiness_high` message for an account entering the high band; null otherwise. */
function highWebhook(previous: StoredReadiness | null, next: StoredReadiness): WebhookMessage | null {
  if (!entersHigh(previous?.band ?? null, next.band)) return null;
  const { updatedAt, ...score } = next;
  const webhook: ReadinessHighWebhook = { type: 'account.readiness_high', timestamp: iso(updatedAt), data: { ...score, previousBand: previous?.band ?? null } };
  return { id: newMessageId(), type: webhook.type, payload: JSON.stringify(webhook) };
}

/**
 * Keeps the account's readiness current on a `POST /v1/state`: records the person (with their role)
 * as active, scores the account from the visit and its last 30 days, and stores the score, queuing
 * `account.readiness_high` in the same transaction when the account enters the high band. Answers
 * the score and whether a webhook was queued.
 */
export async function updateReadiness(store: Store, environmentId: string, config: Config | null, visit: Visit, now: number): Promise<{ score: StoredReadiness; queued: boolean }> {
  const { query, seen, state } = visit;
  const since = now - READINESS_WINDOW_DAYS * DAY;
  const settings = config?.settings?.readiness;
  await store.recordPerson(environmentId, query.account, query.user, seen.role ?? null, now);
  const people = await store.accountPeople(environmentId, query.account, since);
  const tracks = await store.accountTracks(environmentId, query.account, since, settings?.upgradeEvents ?? [], GATE_PREFIX);
  const metrics = Object.entries(visit.usage).flatMap(([metric, usage]) => {
    const limit = own(visit.limits, metric);
    return limit === undefined ? [] : [{ metric, usage, limit, monthlyGrowth: monthlyGrowth(state, metric, usage) }];
  });
  const input: ReadinessInput = {
    accountId: query.account,
    plan: query.plan ?? null,
    metrics,
    people,
    seats: own(visit.limits, settings?.seatsMetric ?? 'seats') ?? null,
    traits: seen.traits ?? {},
    tracks,
    trials: Object.entries(state.trials ?? {}).flatMap(([id, t]) => (t.startedAt >= since ? [id] : [])),
    health: seen.health,
    openTickets: seen.openTickets,
  };
  const score = scoreReadiness(input, { readiness: settings, buyerRoles: config?.settings?.buyerRoles }, now);
  let queued = false;
  await store.saveReadiness(environmentId, score, readinessCsvLine(score), (previous) => {
    const message = highWebhook(previous, score);
    queued = message !== null;
    return message;
  });
  return { score, queued };
}
