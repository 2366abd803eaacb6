import type { ReadinessBand } from '../../../shared/schemas/analytics';
import type { ReadinessSettings, GrowthSignal } from '../../../shared/schemas/settings';
import { DEFAULT_BUYER_ROLES } from '../../../shared/constants';
import { MIN_HEALTH } from '../../../shared/engine/guards';
import type { StoredReadiness, TrackTally } from '../../store/readiness-types';

// Expansion readiness, 0-100, as the playbook scores it: four categories of 0-25 (usage depth, user
// breadth, feature exploration, organisational growth), each with the signals behind it in words.
// Pure: everything read from the store, and the clock, is passed in. The README's "Readiness"
// section states the same arithmetic for hosts and CS teams.

const DAY = 86_400_000;
export const CATEGORY_MAX = 25;
/** Usage depth: up to 15 points for usage against the limit, 10 for growth, full at +30 %/month (the playbook's "will hit the limit soon"). */
const LEVEL_POINTS = 15;
const TREND_POINTS = 10;
const FULL_GROWTH = 0.3;
/** User breadth without seats or a team size: 2.5 points per active person, full at 10. */
const POINTS_PER_PERSON = 2.5;
/** Feature exploration, per weighted event; a person in a buyer role counts twice. */
const GATE_POINTS = 2;
const VISIT_POINTS = 3;
const TRIAL_POINTS = 8;
const BUYER_WEIGHT = 2;
export const GATE_PREFIX = 'upshift:gate:';
const GROWTH_POINTS = 15;
/** Organisational growth when the settings map no traits. */
export const DEFAULT_GROWTH: readonly GrowthSignal[] = [
  { trait: 'headcountGrowth', atLeast: 10 },
  { trait: 'fundedAt', withinDays: 180 },
];

/** What one account's score is computed from (the last 30 days where a window applies). */
export interface ReadinessInput {
  accountId: string;
  plan: string | null;
  /** Each metric with a limit: usage now, the limit, and growth per month as a fraction (0.31 = +31 %), null when unknown. */
  metrics: readonly { metric: string; usage: number; limit: number; monthlyGrowth: number | null }[];
  /** People active in the last 30 days, with their role. */
  people: readonly { userId: string; role: string | null }[];
  /** The seats limit, when the account has one. */
  seats: number | null;
  traits: Readonly<Record<string, unknown>>;
  /** Locked-feature attempts and upgrade-page visits in the last 30 days, by person and event name. */
  tracks: readonly TrackTally[];
  /** Ids of the trials started in the last 30 days. */
  trials: readonly string[];
  health?: number | undefined;
  openTickets?: number | undefined;
}

export interface ReadinessOptions {
  readiness?: ReadinessSettings | undefined;
  buyerRoles?: readonly string[] | undefined;
}

type Signal = StoredReadiness['signals'][number];
const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(Math.round(x * 100))} %/month`;

/** Signals of one category, each worth at most what is left of the category's 25 points. */
function capped(category: Signal['category'], raw: readonly { label: string; points: number }[]): { points: number; signals: Signal[] } {
  let left = CATEGORY_MAX;
  const signals = raw.map(({ label, points }) => {
    const p = round1(Math.min(left, points));
    left = round1(left - p);
    return { category, label, points: p };
  });
  return { points: round1(CATEGORY_MAX - left), signals };
}

function usageDepth(input: ReadinessInput) {
  const scored = input.metrics
    .filter((m) => m.limit > 0)
    .map((m) => {
      const ratio = m.usage / m.limit;
      const points = LEVEL_POINTS * clamp01(ratio) + TREND_POINTS * clamp01((m.monthlyGrowth ?? 0) / FULL_GROWTH);
      const trend = m.monthlyGrowth === null ? '' : `, ${pct(m.monthlyGrowth)}`;
      return { label: `${m.metric} at ${Math.round(ratio * 100)} % of the limit${trend}`, points };
    });
  const best = scored.reduce<(typeof scored)[number] | null>((a, b) => (a && a.points >= b.points ? a : b), null);
  return capped('usage', best ? [best] : []);
}

function userBreadth(input: ReadinessInput, settings: ReadinessSettings) {
  const active = input.people.length;
  const trait = settings.teamSizeTrait === undefined ? undefined : input.traits[settings.teamSizeTrait];
  const team = typeof trait === 'number' && trait > 0 ? trait : null;
  const capacity = team ?? (input.seats !== null && input.seats > 0 ? input.seats : null);
  const who = `${active} active ${active === 1 ? 'person' : 'people'} in 30 days`;
  if (capacity === null) return capped('breadth', [{ label: `${who} (no seat limit or team size known)`, points: POINTS_PER_PERSON * Math.min(active, CATEGORY_MAX / POINTS_PER_PERSON) }]);
  const of = team === null ? `${capacity} seats` : `a team of ${capacity}`;
  return capped('breadth', [{ label: `${who} of ${of}`, points: CATEGORY_MAX * clamp01(active / capacity) }]);
}

function featureExploration(input: ReadinessInput, options: ReadinessOptions) {
  const buyers = new Set(options.buyerRoles ?? DEFAULT_BUYER_ROLES);
  const roles = new Map(input.people.map((p) => [p.userId, p.role]));
  const isBuyer = (userId: string) => {
    const role = roles.get(userId);
    return role !== undefined && role !== null && buyers.has(role);
  };
  const visitNames = new Set(options.readiness?.upgradeEvents ?? []);
  const tally = (pick: (name: string) => boolean) => {
    let weighted = 0;
    let events = 0;
    let byBuyers = 0;
    for (const t of input.tracks) {
      if (!pick(t.name)) continue;
      events += t.count;
      if (isBuyer(t.userId)) byBuyers += t.count;
      weighted += t.count * (isBuyer(t.userId) ? BUYER_WEIGHT : 1);
    }
    return { weighted, events, byBuyers };
  };
  const gates = tally((n) => n.startsWith(GATE_PREFIX));
  const visits = tally((n) => visitNames.has(n));
  const buyersNote = (n: number) => (n ? ` (${n} by people in buyer roles)` : '');
  const raw: { label: string; points: number }[] = [];
  if (gates.events) raw.push({ label: `${gates.events} locked-feature attempt${gates.events === 1 ? '' : 's'} in 30 days${buyersNote(gates.byBuyers)}`, points: GATE_POINTS * gates.weighted });
  if (visits.events) raw.push({ label: `${visits.events} upgrade-page visit${visits.events === 1 ? '' : 's'} in 30 days${buyersNote(visits.byBuyers)}`, points: VISIT_POINTS * visits.weighted });
  if (input.trials.length) raw.push({ label: `trial${input.trials.length === 1 ? '' : 's'} started in 30 days: ${input.trials.join(', ')}`, points: TRIAL_POINTS * input.trials.length });
  return capped('exploration', raw);
}

/** A trait's date (ISO text or epoch ms) as epoch ms, or null. */
const dateOf = (v: unknown): number | null => {
  const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : null;
};

function organisationalGrowth(input: ReadinessInput, settings: ReadinessSettings, now: number) {
  const raw: { label: string; points: number }[] = [];
  for (const g of settings.growth ?? DEFAULT_GROWTH) {
    if (!Object.hasOwn(input.traits, g.trait)) continue;
    const v = input.traits[g.trait];
    const points = g.points ?? GROWTH_POINTS;
    if ('atLeast' in g) {
      if (typeof v === 'number' && v >= g.atLeast) raw.push({ label: g.label ?? `${g.trait} is ${v} (at least ${g.atLeast})`, points });
    } else {
      const at = dateOf(v);
      if (at !== null && at <= now && now - at <= g.withinDays * DAY) {
        raw.push({ label: g.label ?? `${g.trait} on ${new Date(at).toISOString().slice(0, 10)} (within ${g.withinDays} days)`, points });
      }
    }
  }
  return capped('growth', raw);
}

/** The band of a score: 75+ high, 50-74 moderate, 25-49 early, below 25 not ready. */
export function bandOf(score: number): ReadinessBand {
  return score >= 75 ? 'high' : score >= 50 ? 'moderate' : score >= 25 ? 'early' : 'not_ready';
}

/** The playbook's guard: low health (below the engine's own threshold) or any open ticket. */
export const needsFixFirst = (health: number | undefined, openTickets: number | undefined): boolean => (health !== undefined && health < MIN_HEALTH) || (openTickets ?? 0) > 0;

/** One account's readiness, with its signals; a "fix first" account is never banded high (moderate at most). */
export function scoreReadiness(input: ReadinessInput, options: ReadinessOptions, now: number): StoredReadiness {
  const settings = options.readiness ?? {};
  const usage = usageDepth(input);
  const breadth = userBreadth(input, settings);
  const exploration = featureExploration(input, options);
  const growth = organisationalGrowth(input, settings, now);
  const score = Math.round(usage.points + breadth.points + exploration.points + growth.points);
  const fixFirst = needsFixFirst(input.health, input.openTickets);
  const band = bandOf(score);
  return {
    accountId: input.accountId,
    plan: input.plan,
    score,
    band: fixFirst && band === 'high' ? 'moderate' : band,
    fixFirst,
    categories: { usage: usage.points, breadth: breadth.points, exploration: exploration.points, growth: growth.points },
    signals: [...usage.signals, ...breadth.signals, ...exploration.signals, ...growth.signals],
    updatedAt: now,
  };
}

/** The webhook is due each time an account enters the high band: from no score or any other band. */
export const entersHigh = (previous: ReadinessBand | null, next: ReadinessBand): boolean => next === 'high' && previous !== 'high';
