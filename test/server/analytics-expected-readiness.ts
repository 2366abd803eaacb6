import type { Sent } from './analytics-expected';

// Expansion readiness as the README states the arithmetic, in plain loops over what was sent: the
// account's last visit (POST /v1/state) scores it from that visit's usage, limits and traits, the
// people who visited in the 30 days before, and their locked-feature attempts, upgrade-page visits
// (`billing.viewed`, the dataset's setting) and the account's trials in those 30 days.

const DAY = 86_400_000;
const BUYERS = new Set(['owner', 'admin', 'billing']);
const MIN_HEALTH = 40;
const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Points given in order, each at most what is left of the category's 25. */
function capped(points: readonly number[]): number {
  let left = 25;
  for (const p of points) left = round1(left - round1(Math.min(left, p)));
  return round1(25 - left);
}

export interface ExpectedReadiness {
  score: number;
  band: 'high' | 'moderate' | 'early' | 'not_ready';
  fixFirst: boolean;
  categories: { usage: number; breadth: number; exploration: number; growth: number };
}

export function readiness(sent: Sent): Map<string, ExpectedReadiness> {
  const lastVisit = new Map<string, Sent['visits'][number]>();
  for (const v of sent.visits) if ((lastVisit.get(v.body.account)?.at ?? -1) <= v.at) lastVisit.set(v.body.account, v);
  const out = new Map<string, ExpectedReadiness>();
  for (const [account, visit] of lastVisit) {
    const now = visit.at;
    const since = now - 30 * DAY;
    const roles = new Map<string, string>();
    for (const v of sent.visits) if (v.body.account === account && v.at >= since && v.at <= now) roles.set(v.body.user, String(v.body.role));
    const usage = (visit.body.usage ?? {}) as Record<string, number>;
    const limits = (visit.body.limits ?? {}) as Record<string, number>;
    const levels = Object.keys(usage).flatMap((m) => (limits[m] ? [15 * clamp01(usage[m]! / limits[m]!)] : []));
    const usagePoints = capped([Math.max(...levels)]);

    const traits = visit.body.traits as { headcount: number; headcountGrowth: number; fundedAt?: string };
    const breadth = capped([25 * clamp01(roles.size / traits.headcount)]);

    let gates = 0;
    let pages = 0;
    for (const e of sent.events) {
      if (e.type !== 'track' || e.accountId !== account) continue;
      const t = Date.parse(e.at);
      if (t < since || t > now) continue;
      const weight = BUYERS.has(roles.get(e.userId) ?? '') ? 2 : 1;
      if (e.name.startsWith('upshift:gate:')) gates += weight;
      if (e.name === 'billing.viewed') pages += weight;
    }
    const trials = sent.trials.filter((t) => t.at >= since && t.at <= now && t.accountId === account).length;
    const exploration = capped([...(gates ? [2 * gates] : []), ...(pages ? [3 * pages] : []), ...(trials ? [8 * trials] : [])]);

    const funded = traits.fundedAt === undefined ? null : Date.parse(traits.fundedAt);
    const growth = capped([...(traits.headcountGrowth >= 10 ? [15] : []), ...(funded !== null && funded <= now && now - funded <= 180 * DAY ? [15] : [])]);

    const score = Math.round(usagePoints + breadth + exploration + growth);
    const fixFirst = (visit.body.health as number) < MIN_HEALTH || (visit.body.openTickets as number) > 0;
    const band = score >= 75 ? 'high' : score >= 50 ? 'moderate' : score >= 25 ? 'early' : 'not_ready';
    out.set(account, { score, band: fixFirst && band === 'high' ? 'moderate' : band, fixFirst, categories: { usage: usagePoints, breadth, exploration, growth } });
  }
  return out;
}
