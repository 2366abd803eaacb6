import type { Context } from '../shared/schemas/context';
import type { State } from '../shared/schemas/state';
import { isState } from './local-state';
import type { Request } from './request';

/**
 * This person's history as the server knows it, across devices (`GET /v1/state`). Sending the
 * current usage lets the server keep the day's snapshot for the forecast. Null on any failure:
 * the widget then goes on with what this device knows.
 */
export async function fetchState(request: Request, ctx: Context): Promise<State | null> {
  const { account, usage, limits } = ctx;
  const query: Record<string, string> = { user: ctx.user.id, account: account.id, plan: account.plan };
  if (account.periodStart) query.periodStart = account.periodStart;
  if (usage) query.usage = JSON.stringify(usage);
  if (limits) query.limits = JSON.stringify(limits);
  // Owned add-ons raise limits (seat packs): the forecast must use the same limit as the engine.
  if (Array.isArray(account.addons)) query.addons = account.addons.join();
  // The token (checked against plan and limits when the environment verifies identity) goes in a header.
  const res = await request(`state?${new URLSearchParams(query)}`, { token: ctx.token });
  const body: unknown = res?.ok && (await res.json().catch(() => null));
  return isState(body) ? body : null;
}
