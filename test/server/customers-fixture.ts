import type { App } from '../../server/http/app';
import { demoContent } from '../../server/demo/seed';
import type { Rule, UsageTrigger } from '../../shared/schemas/rule';
import { APP_ORIGIN } from '../helpers/test-app';
import { postState } from '../helpers/http';

export const DAY = 86_400_000;
/** The tests' "today". */
export const NOW = Date.parse('2026-06-15T12:00:00.000Z');

/** One account as the test seeds it, and what the test itself knows about it. */
export interface Seeded {
  id: string;
  user: string;
  plan: 'starter' | 'pro';
  apiCalls: number;
  /** Days since the account was created; absent when the host never sent `createdAt`. */
  ageDays?: number;
  health?: number;
  /** Days before NOW that its last state request came. */
  seenDaysAgo: number;
}

/** 60 accounts with a spread of plans, usage, ages, health and last visits. Plain arithmetic, no engine. */
export function seededAccounts(): Seeded[] {
  return Array.from({ length: 60 }, (_, i) => {
    const a: Seeded = {
      id: `acct_${String(i).padStart(3, '0')}`,
      user: `user_${i}`,
      plan: i % 3 === 0 ? 'pro' : 'starter',
      apiCalls: (i * 1_733) % 11_000,
      seenDaysAgo: i % 10 === 9 ? 40 : i % 29,
    };
    if (i % 4 !== 3) a.ageDays = i % 7 === 0 ? 30 : 400;
    if (i % 11 === 5) a.health = 20;
    else if (i % 2 === 0) a.health = 75;
    return a;
  });
}

/** Sends each account's context the way the widget does (`POST /v1/state`), at its own time. */
export async function seed(app: App, key: string, clock: { set(ms: number): void }, accounts: readonly Seeded[]): Promise<void> {
  for (const a of accounts) {
    clock.set(NOW - a.seenDaysAgo * DAY);
    const body = {
      user: a.user,
      account: a.id,
      plan: a.plan,
      usage: { api_calls: a.apiCalls },
      locale: 'en',
      ...(a.ageDays !== undefined && { createdAt: new Date(NOW - a.ageDays * DAY).toISOString() }),
      ...(a.health !== undefined && { health: a.health }),
    };
    const res = await postState(app, key, body, { Origin: APP_ORIGIN });
    if (res.status !== 200) throw new Error(`state answered ${res.status}: ${await res.text()}`);
  }
  clock.set(NOW);
}

/** The demo API-call ladder as a new draft: same tiers, its own id and a higher priority. */
export function pushRule(over: Partial<Rule> = {}): Rule {
  const ladder = structuredClone(demoContent.rules[0]!);
  return { ...ladder, id: 'api-push', name: 'API push', status: 'draft', priority: 200, ...over };
}

export const tiersOf = (rule: Rule) => (rule.trigger as UsageTrigger).tiers.map((t) => ({ id: t.id, percent: (t.at as { percent: number }).percent }));
