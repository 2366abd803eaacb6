import { Context } from '../shared/schemas/context';
import type { AccountSighting } from './store/account-types';
import type { PersonQuery } from './person-state';
import type { Seen } from './state-input';

/**
 * The account as one `POST /v1/state` describes it, after the identity token had its say over
 * plan and limits: the context preview as a customer and reach rebuild it from. `usage` is what
 * was kept as the day's snapshot (the catalog's metrics only). Null without a readable plan,
 * since no rule can be judged without one.
 */
export function sightingOf(query: PersonQuery, usage: Readonly<Record<string, number>>, seen: Seen, now: number): AccountSighting | null {
  if (query.plan === undefined) return null;
  const drop = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const limits = query.limits && Object.keys(query.limits).length ? { ...query.limits } : undefined;
  const parsed = Context.safeParse({
    user: drop({ id: query.user, locale: seen.locale }),
    account: drop({ id: query.account, plan: query.plan, periodStart: query.periodStart, createdAt: seen.createdAt, health: seen.health, openTickets: seen.openTickets, addons: query.addons }),
    usage: { ...usage },
    ...(limits && { limits }),
  });
  if (!parsed.success) return null;
  return { accountId: query.account, userId: query.user, plan: query.plan, context: parsed.data, seenAt: now };
}
