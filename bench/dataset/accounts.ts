import { seeded } from '../../test/helpers/random';
import { PLAN_LIMITS, PLAN_PRICE, SEAT_PACK, type PlanId } from './content';

const DAY = 86_400_000;

export const ROLES = ['owner', 'admin', 'billing', 'member', 'member', 'member', 'viewer'] as const;
export const LOCALES = ['en', 'en', 'en', 'de', 'fr', 'es', 'ja'] as const;
export const INDUSTRIES = ['saas', 'retail', 'media', 'finance'] as const;

export interface Person {
  id: string;
  role: string;
  locale: string;
  /** Chance of being active on a given day. */
  activity: number;
  /** Times of this person's last report exports (for the event trigger's 5 in 7 days). */
  exports: number[];
  /** When the person joined the account (epoch ms). */
  joinedAt: number;
}

/** One simulated customer account; the generator mutates it month by month. */
export interface SimAccount {
  index: number;
  id: string;
  rand: () => number;
  createdAt: number;
  plan: PlanId;
  seatPacks: number;
  addonMrr: number;
  /** MRR in cents as the host last reported it (0 after churn). */
  mrr: number;
  /** True once the first MRR was reported. */
  paying: boolean;
  churned: boolean;
  /** Revenue changes reach Upshift as Stripe subscription events rather than POST /v1/conversions. */
  stripe: boolean;
  /** API calls used this month as a fraction of the limit, at month end; grows by `growth` a month. */
  usage: number;
  growth: number;
  people: Person[];
  /** People the account will grow to. */
  teamTarget: number;
  health: number;
  openTickets: boolean;
  traits: { industry: string; headcount: number; headcountGrowth: number; fundedAt?: string };
  /** Times of the account's recent seat invitations. */
  invites: number[];
  /** Features the account has trialled: one trial per feature, ever. */
  trials: Set<string>;
}

export const seatLimit = (a: SimAccount): number => PLAN_LIMITS[a.plan].seats + a.seatPacks * SEAT_PACK.seats;
export const planMrr = (a: SimAccount): number => PLAN_PRICE[a.plan] + a.seatPacks * SEAT_PACK.price + a.addonMrr;

/** Zero-padded, so accounts sort in the order they are generated (index locality for bulk loads). */
export const accountId = (i: number): string => `acct_${String(i).padStart(6, '0')}`;

export function newPerson(a: SimAccount, k: number, at: number): Person {
  const r = a.rand;
  return {
    id: `${a.id}_u${k}`,
    role: k === 0 ? 'owner' : ROLES[Math.floor(r() * ROLES.length)]!,
    locale: LOCALES[Math.floor(r() * LOCALES.length)]!,
    activity: 0.04 + r() * r() * 0.5,
    exports: [],
    joinedAt: at,
  };
}

/**
 * Account `i` of a dataset starting at `start`: four in five existed before (up to 900 days), the
 * rest sign up during the `days` that follow. Plans, team sizes, growth and health vary widely.
 */
export function newAccount(seed: number, i: number, start: number, days: number): SimAccount {
  const rand = seeded((seed * 2_654_435_761 + i * 40_503) >>> 0);
  const existing = rand() < 0.8;
  const createdAt = existing ? start - Math.floor((1 + rand() * 900) * DAY) : start + Math.floor(rand() * days * DAY);
  const p = rand();
  const plan: PlanId = p < 0.6 ? 'starter' : p < 0.92 ? 'pro' : 'business';
  const a: SimAccount = {
    index: i,
    id: accountId(i),
    rand,
    createdAt,
    plan,
    seatPacks: 0,
    addonMrr: 0,
    mrr: 0,
    paying: false,
    churned: false,
    stripe: false,
    usage: 0.15 + rand() * 0.7,
    growth: -0.03 + rand() * rand() * 0.25,
    people: [],
    teamTarget: 1 + Math.floor(rand() * rand() * (plan === 'starter' ? 8 : 30)),
    health: Math.floor(20 + rand() * 80),
    openTickets: rand() < 0.06,
    traits: { industry: INDUSTRIES[Math.floor(rand() * INDUSTRIES.length)]!, headcount: 5 + Math.floor(rand() * 400), headcountGrowth: Math.floor(rand() * rand() * 40) },
    invites: [],
    trials: new Set(),
  };
  if (rand() < 0.1) a.traits.fundedAt = new Date(start + Math.floor(rand() * days) * DAY).toISOString();
  const team = Math.max(1, Math.ceil(a.teamTarget * (0.5 + rand() * 0.5)));
  for (let k = 0; k < team; k++) a.people.push(newPerson(a, k, createdAt));
  return a;
}
