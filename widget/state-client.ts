import type { Context } from '../shared/schemas/context';
import type { State } from '../shared/schemas/state';
import { isState } from './local-state';
import type { Request } from './request';

/**
 * This person's history as the server knows it, across devices (`POST /v1/state`). Sending the
 * current usage lets the server keep the day's snapshot for the forecast: a POST, so the browser
 * always sends `Origin` and the server's origin check applies (a GET from a foreign `<img>` would
 * carry none). Null on any failure: the widget then goes on with what this device knows.
 */
export async function fetchState(request: Request, ctx: Context): Promise<State | null> {
  const { account } = ctx;
  const body = JSON.stringify({
    user: ctx.user.id,
    account: account.id,
    plan: account.plan,
    periodStart: account.periodStart,
    usage: ctx.usage,
    limits: ctx.limits,
    // Owned add-ons raise limits (seat packs): the forecast must use the same limit as the engine.
    addons: Array.isArray(account.addons) ? account.addons : undefined,
    // Kept with the account for the console's preview as a customer and reach (the guards read them).
    createdAt: account.createdAt,
    health: account.health,
    openTickets: account.openTickets,
    locale: ctx.user.locale,
    // Readiness weighs buyer roles and reads team size and growth from the account's traits.
    role: ctx.user.role,
    traits: account.traits,
  });
  // The token (checked against plan and limits when the environment verifies identity) goes in a header.
  const res = await request('state', { body, token: ctx.token, read: true });
  const answer: unknown = res?.ok && (await res.json().catch(() => null));
  return isState(answer) ? answer : null;
}
