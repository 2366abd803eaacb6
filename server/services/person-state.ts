import { forecast } from '../../shared/engine/forecast';
import { billingPeriod, parseTime } from '../../shared/engine/period';
import { indexConfig } from '../../shared/engine/config-index';
import { createScope } from '../../shared/engine/scope';
import type { Config } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import type { State } from '../../shared/schemas/state';
import { accountExperiments } from './experiments';
import type { Store } from '../store/types';
import { completedPeriods, periodPeaks } from './usage-periods';

const DAY = 86_400_000;
/** How far back impressions and tracked events reach: long enough for 90-day windows, short enough to stay cheap. */
export const HISTORY_DAYS = 90;
/** Tier dismissals reach back a year and a day: a rule's cooldown may last 365 days. */
export const DISMISSED_DAYS = 366;
/** Tier impressions matter in the current billing period only (hysteresis); two months cover any period. */
const REACHED_DAYS = 62;
const FORECAST_DAYS = 62;

/** Who is asking, and what their context says about their account. Optional parts are already validated. */
export interface PersonQuery {
  user: string;
  account: string;
  plan?: string | undefined;
  periodStart?: string | undefined;
  /** The context's own limits (a negotiated contract): they win over the catalog's. */
  limits?: Readonly<Record<string, number>> | undefined;
  /** Add-ons the account owns; their catalog limits add to the plan's. */
  addons?: readonly string[] | undefined;
}

/**
 * The limit of each metric for the account, by the engine's own `createScope`: the context's own,
 * else the plan's plus the owned add-ons'. Without a published config, only the context's own. A
 * record without a prototype, since metric ids may be "constructor" or "toString".
 */
export function limitsOf(config: Config | null, query: PersonQuery, now: number): Readonly<Record<string, number>> {
  const own = Object.assign(Object.create(null) as Record<string, number>, query.limits);
  if (!config) return own;
  const context: Context = { user: { id: query.user }, account: { id: query.account, plan: query.plan ?? '', addons: [...(query.addons ?? [])] }, limits: own };
  return createScope(indexConfig(config), context, { rules: {} }, now, billingPeriod(now)).limits;
}

/**
 * One person's prompt history across all their devices, from the events the server stored. Per
 * rule: the latest dismissal and impression of each ladder tier by anyone in the account (a tier
 * fires once per billing period per account), this person's impressions, and their latest
 * dismissal, snooze and click, a decline counting as a dismissal. Also tracked-event times, a
 * usage forecast per metric against its effective limit, the peak usage of recent billing
 * periods, the account's trials, its latest readiness score, and where bucketing puts the account under the live config. Reads only; `config` is null when nothing is
 * published (then only the query's own limits are forecast against, and no bucketing is answered).
 */
export async function personState(store: Store, environmentId: string, query: PersonQuery, config: Config | null, now: number): Promise<State> {
  const { user, account } = query;
  const history = await store.userHistory(environmentId, account, user, now - HISTORY_DAYS * DAY);
  const tiers = await store.accountTiers(environmentId, account, { dismissed: now - DISMISSED_DAYS * DAY, reached: now - REACHED_DAYS * DAY });

  // Ids and event names come from stored events and may be "constructor" or "toString": build
  // with Maps, never by indexing plain objects, so nothing can reach or change a prototype.
  interface Building {
    dismissed?: Map<string, number>;
    reached?: Map<string, number>;
    impressions?: number[];
    dismissedAt?: number;
    snoozedAt?: number;
    clickedAt?: number;
  }
  const byRule = new Map<string, Building>();
  const ruleOf = (id: string) => byRule.get(id) ?? byRule.set(id, {}).get(id)!;
  // A decline is a dismissal that says why: for frequency it counts as one, so a rule the person
  // just said no to stays away for its cooldown, and a declined tier holds like a dismissed one.
  const later = (a: number | undefined, b: number) => (a === undefined ? b : Math.max(a, b));
  for (const d of [...tiers.dismissed, ...tiers.declined]) {
    const dismissed = (ruleOf(d.ruleId).dismissed ??= new Map());
    dismissed.set(d.tier, later(dismissed.get(d.tier), d.at));
  }
  for (const r of tiers.reached) (ruleOf(r.ruleId).reached ??= new Map()).set(r.tier, r.at);
  for (const i of history.impressions) (ruleOf(i.ruleId).impressions ??= []).push(i.at);
  const field = { dismiss: 'dismissedAt', decline: 'dismissedAt', snooze: 'snoozedAt', click: 'clickedAt' } as const;
  for (const l of history.latest) {
    const rule = ruleOf(l.ruleId);
    rule[field[l.type]] = later(rule[field[l.type]], l.at);
  }
  const rules: State['rules'] = Object.fromEntries(
    [...byRule].map(([id, b]) => {
      const rs: State['rules'][string] = {};
      if (b.dismissed) rs.dismissed = Object.fromEntries(b.dismissed);
      if (b.reached) rs.reached = Object.fromEntries(b.reached);
      if (b.impressions) rs.impressions = b.impressions;
      if (b.dismissedAt !== undefined) rs.dismissedAt = b.dismissedAt;
      if (b.snoozedAt !== undefined) rs.snoozedAt = b.snoozedAt;
      if (b.clickedAt !== undefined) rs.clickedAt = b.clickedAt;
      return [id, rs];
    }),
  );
  const byName = new Map<string, number[]>();
  for (const t of history.tracks) (byName.get(t.name) ?? byName.set(t.name, []).get(t.name)!).push(t.at);
  const counts: NonNullable<State['counts']> = Object.fromEntries(byName);

  // One read of the snapshots serves both the forecast (its own recent window) and the peaks of
  // the completed billing periods the contraction guard compares.
  const anchor = parseTime(query.periodStart);
  const since = billingPeriod(now, anchor).start;
  const completed = completedPeriods(now, anchor);
  const forecastFrom = now - FORECAST_DAYS * DAY;
  const snapshots = await store.usageHistory(environmentId, account, Math.min(forecastFrom, completed[0]!.start));
  const limits = limitsOf(config, query, now);
  const projected = new Map<string, NonNullable<State['forecast']>[string]>();
  const peaks = new Map<string, number[]>();
  for (const [metric, all] of Object.entries(snapshots)) {
    const limit = limits[metric];
    const f = limit === undefined ? null : forecast(all.filter((s) => s.at >= forecastFrom), limit, now, since);
    if (f) projected.set(metric, { ...f, high: Number.isFinite(f.high) ? f.high : null });
    const run = periodPeaks(all, completed);
    if (run.length) peaks.set(metric, run);
  }
  // Trial ids are feature, add-on and plan ids, so "constructor" too: the store answers a Map.
  const trials: NonNullable<State['trials']> = Object.fromEntries(await store.accountTrials(environmentId, account));
  const state: State = { rules, counts, forecast: Object.fromEntries(projected), periods: Object.fromEntries(peaks), trials };
  if (config) state.experiments = accountExperiments(config, account);
  // The account's expansion readiness as last scored (a POST scores it afresh after this read).
  const readiness = await store.getReadiness(environmentId, account);
  if (readiness) state.readiness = readiness.score;
  return state;
}
