import { HOLDOUT } from '../../shared/constants';
import { inGlobalHoldout, ruleAssignment } from '../../shared/engine/bucket';
import type { Event } from '../../shared/schemas/event';
import type { Rule } from '../../shared/schemas/rule';
import { newAccount, newPerson, seatLimit, type Person, type SimAccount } from './accounts';
import { eligibleRules } from './eligibility';
import { DATASET_RULES, GLOBAL_HOLDOUT, LOCKED, PLAN_LIMITS } from './content';
import { nextId, resetIds, type EventBody, type Item, type ItemSink } from './items';
import { Revenue } from './revenue';

const HOUR = 3_600_000;

/** What every prompt event of one exposure shares. */
interface PromptFields {
  ruleId: string;
  surface: Rule['surface'];
  configVersion: number;
  userId: string;
  accountId: string;
  tier?: string;
  variant?: string;
}
const DAY = 24 * HOUR;

export interface DatasetParams {
  seed: number;
  accounts: number;
  /** First UTC midnight (epoch ms) and how many days follow. */
  start: number;
  days: number;
  /** Scales how often people are active: 1 gives about 200 events per account a year. */
  activity: number;
  /** Share of accounts billed through Stripe subscription events rather than POST /v1/conversions. */
  stripeShare: number;
  /** The published config version the prompt events carry. */
  configVersion: number;
  /** The people active in these last days visit once more at the very end (POST /v1/state): readiness. */
  stateDays: number;
}

/** Which arm of `rule` the account is in, as exposures record it: `holdout` for either holdout, '' for a single arm. */
export function armOf(rule: Rule, accountId: string): string {
  if (inGlobalHoldout(GLOBAL_HOLDOUT, accountId)) return HOLDOUT;
  const a = ruleAssignment(rule, accountId);
  return a === null ? '' : a.group === 'holdout' ? HOLDOUT : a.variant;
}

const TRACKS = ['dashboard.viewed', 'dashboard.viewed', 'dashboard.viewed', 'report.exported', 'report.exported', 'api_key.created', 'billing.viewed'] as const;
const REASONS = ['budget', 'budget', 'timing', 'timing', 'fit', 'other'] as const;
const NOTES = ['Too expensive for us right now', 'Ask me after the quarter', 'We only need this in spring', 'Not what our team needs', 'Our finance team decides'];
const BUYERS = new Set(['owner', 'admin', 'billing']);
const RULE_INDEX = new Map(DATASET_RULES.map((r, i) => [r.id, i]));

/** Per-account-month simulation: everything one account did in [from, to), as items in arrival order. */
class MonthSim {
  readonly events: Event[] = [];
  readonly actions: Item[] = [];
  constructor(
    readonly a: SimAccount,
    readonly p: DatasetParams,
    readonly revenue: Revenue,
  ) {}

  private push(e: EventBody): void {
    this.events.push({ id: nextId(), ...e } as Event);
  }

  private track(person: Person, name: string, at: number): void {
    this.push({ type: 'track', name, at: new Date(at).toISOString(), userId: person.id, accountId: this.a.id });
  }

  /** One exposure, and when the account is not held out what the person did with the prompt. */
  private prompt(person: Person, rule: Rule, tier: string | undefined, at: number): void {
    const a = this.a;
    const r = a.rand;
    const arm = armOf(rule, a.id);
    const common: PromptFields = { ruleId: rule.id, surface: rule.surface, configVersion: this.p.configVersion, userId: person.id, accountId: a.id };
    if (tier) common.tier = tier;
    if (arm) common.variant = arm;
    this.push({ type: 'exposure', at: new Date(at).toISOString(), trigger: rule.trigger.type, locale: person.locale, ...common });
    if (arm === HOLDOUT || r() >= 0.75) return;
    const seen = at + 2_000;
    this.push({ type: 'impression', at: new Date(seen).toISOString(), locale: person.locale, ...common });
    // Later variants and some rules do better, so the experiments have something to find.
    const lift = 1 + 0.3 * (rule.variants?.findIndex((v) => v.id === arm) ?? 0) + 0.1 * (RULE_INDEX.get(rule.id)! % 3);
    const x = r();
    const click = 0.1 * lift;
    const when = new Date(seen + 30_000).toISOString();
    if (x < click) {
      const buyer = BUYERS.has(person.role);
      const buys = rule.offer.type === 'upgrade' || rule.offer.type === 'seats' || rule.offer.type === 'addon';
      const checkout = buys && buyer && r() < 0.7;
      this.push({ type: 'click', at: when, ...common, ...(checkout && { props: { action: 'checkout' } }) });
      if (checkout && r() < 0.3 * lift) this.revenue.expand(a, seen + (1 + r() * 48) * HOUR, rule.offer.type === 'seats' ? 'seats' : 'upgrade', this.actions);
      if (rule.offer.type === 'trial' && LOCKED[a.plan].includes(rule.offer.feature) && !a.trials.has(rule.offer.feature) && r() < 0.6) {
        a.trials.add(rule.offer.feature);
        this.actions.push({ kind: 'trial', at: seen + 60_000, body: { userId: person.id, accountId: a.id, ruleId: rule.id, feature: rule.offer.feature, ...(arm && { variant: arm }) } });
        if (r() < 0.3) this.revenue.expand(a, seen + (7 + r() * 7) * DAY, 'upgrade', this.actions);
      }
      if (!buyer && r() < 0.5) {
        const note = r() < 0.3 ? { note: 'We keep hitting this, can we get it?' } : {};
        this.actions.push({ kind: 'admin', at: seen + 90_000, body: { userId: person.id, accountId: a.id, ruleId: rule.id, role: person.role, ...note } });
      }
    } else if (x < click + 0.3) {
      this.push({ type: 'dismiss', at: when, ...common });
    } else if (x < click + 0.36) {
      const reason = REASONS[Math.floor(r() * REASONS.length)]!;
      const note = reason === 'other' || r() < 0.4 ? { note: NOTES[Math.floor(r() * NOTES.length)]! } : {};
      this.push({ type: 'decline', at: when, reason, ...note, ...common });
    } else if (x < click + 0.4) {
      this.push({ type: 'snooze', at: when, ...common });
    }
  }

  /** One active day of one person: a few tracked events, maybe a locked feature, and the prompts they qualify for. */
  personDay(person: Person, day: number, usage: number): void {
    const a = this.a;
    const r = a.rand;
    let at = day + (7 + r() * 12) * HOUR;
    const n = 1 + (r() < 0.35 ? 1 : 0) + (r() < 0.1 ? 2 : 0);
    for (let k = 0; k < n; k++, at += 60_000 + Math.floor(r() * 600_000)) {
      const name = TRACKS[Math.floor(r() * TRACKS.length)]!;
      this.track(person, name, at);
      if (name === 'report.exported') person.exports = [...person.exports.filter((x) => x > at - 7 * DAY), at];
    }
    const locked = LOCKED[a.plan];
    let gate: string | null = null;
    if (locked.length && r() < 0.12) {
      gate = locked[Math.floor(r() * locked.length)]!;
      this.track(person, `upshift:gate:${gate}`, (at += 30_000));
    }
    for (const { rule, tier } of eligibleRules(a, person, at, usage, gate).slice(0, 3)) this.prompt(person, rule, tier, (at += 5_000));
  }

  /** The account's month, day by day: team growth, people's days, and background revenue changes. */
  run(from: number, to: number, end: number): void {
    const a = this.a;
    const r = a.rand;
    const first = Math.max(from, a.createdAt - (a.createdAt % DAY));
    if (first >= to) return;
    this.revenue.open(a, from, this.actions);
    for (let day = first; day < to; day += DAY) {
      if (a.churned) {
        if (r() < 0.008) this.revenue.reactivate(a, day + 10 * HOUR, this.actions);
        continue;
      }
      const usage = a.usage * ((day - from + DAY) / (to - from));
      if (a.people.length < a.teamTarget && r() < 0.02) {
        const inviter = a.people[0]!;
        this.track(inviter, 'seat.invited', day + 9 * HOUR);
        a.invites = [...a.invites.filter((x) => x > day - 30 * DAY), day + 9 * HOUR];
        a.people.push(newPerson(a, a.people.length, day + 10 * HOUR));
      }
      for (const person of a.people) {
        if (person.joinedAt <= day + DAY && r() < person.activity * this.p.activity) this.personDay(person, day, usage);
      }
      this.revenue.background(a, day, this.actions);
    }
    a.usage = Math.max(0.05, a.usage * (1 + a.growth));
    if (to >= end) this.visits(end);
  }

  /** The people active lately visit at the end (POST /v1/state), the last one with the account's figures. */
  private visits(end: number): void {
    const a = this.a;
    if (a.churned) return;
    const since = end - this.p.stateDays * DAY;
    const recent = new Set(this.events.filter((e) => Date.parse(e.at) >= since).map((e) => e.userId));
    const limits = { api_calls: PLAN_LIMITS[a.plan].api_calls, seats: seatLimit(a) };
    const usage = { api_calls: Math.round(a.usage * limits.api_calls), seats: a.people.length };
    a.people.forEach((person, k) => {
      if (!recent.has(person.id)) return;
      const body = {
        user: person.id,
        account: a.id,
        plan: a.plan,
        usage,
        limits,
        createdAt: new Date(a.createdAt).toISOString(),
        health: a.health,
        openTickets: a.openTickets ? 1 : 0,
        locale: person.locale,
        role: person.role,
        traits: a.traits,
      };
      this.actions.push({ kind: 'state', at: end - HOUR + k * 1000, body });
    });
  }
}

/** Month boundaries (UTC) covering [start, start + days). */
function months(start: number, days: number): [number, number][] {
  const end = start + days * DAY;
  const out: [number, number][] = [];
  for (let from = start; from < end; ) {
    const d = new Date(from);
    const to = Math.min(end, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    out.push([from, to]);
    from = to;
  }
  return out;
}

/**
 * Generates the dataset into `sink`, month by month and, within a month, account by account (each
 * account's events first, then its conversions, trials, requests and visits in order of arrival).
 * Deterministic for a given `params`.
 */
export async function generateDataset(params: DatasetParams, sink: ItemSink, progress?: (done: number, total: number) => void): Promise<void> {
  resetIds(params.seed);
  const accounts = Array.from({ length: params.accounts }, (_, i) => newAccount(params.seed, i, params.start, params.days));
  accounts.forEach((a) => (a.stripe = a.rand() < params.stripeShare));
  const end = params.start + params.days * DAY;
  const revenue = new Revenue(end);
  const spans = months(params.start, params.days);
  for (const [m, [from, to]] of spans.entries()) {
    for (const a of accounts) {
      const sim = new MonthSim(a, params, revenue);
      sim.run(from, to, end);
      const due = revenue.due(a, to, sim.actions);
      const items: Item[] = sim.events.length ? [{ kind: 'events', at: Math.min(to, end) - 1, events: sim.events }, ...due] : due;
      if (items.length) await sink(items);
    }
    progress?.(m + 1, spans.length);
  }
}
