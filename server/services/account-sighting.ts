import { Context } from '../../shared/schemas/context';
import type { AccountSighting } from '../store/account-types';
import type { PersonQuery } from './person-state';
import type { Seen } from './state-input';
import type { State } from '../../shared/schemas/state';

/**
 * The account as one `POST /v1/state` describes it (its traits too, which revenue segments by), after the identity token had its say over
 * plan and limits, with the history the person was answered: what preview as a customer and
 * reach rebuild the account from. `usage` is what was kept as the day's snapshot (the catalog's
 * metrics only). Null without a readable plan, since no rule can be judged without one.
 */
export function sightingOf(query: PersonQuery, usage: Readonly<Record<string, number>>, seen: Seen, state: State, now: number): AccountSighting | null {
  if (query.plan === undefined) return null;
  const drop = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const limits = query.limits && Object.keys(query.limits).length ? { ...query.limits } : undefined;
  const parsed = Context.safeParse({
    user: drop({ id: query.user, locale: seen.locale, role: seen.role }),
    account: drop({
      id: query.account,
      plan: query.plan,
      periodStart: query.periodStart,
      createdAt: seen.createdAt,
      health: seen.health,
      openTickets: seen.openTickets,
      addons: query.addons,
      traits: seen.traits,
    }),
    usage: { ...usage },
    ...(limits && { limits }),
  });
  if (!parsed.success) return null;
  // Bucketing depends on the config judged with: reach redoes it, so none is kept.
  const { experiments: _bucketed, ...history } = state;
  return { accountId: query.account, userId: query.user, plan: query.plan, context: parsed.data, state: history, seenAt: now };
}
