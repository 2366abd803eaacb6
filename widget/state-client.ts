import type { Context } from '../shared/schemas/context';
import type { State } from '../shared/schemas/state';
import { isState } from './local-state';

export interface StateClientDeps {
  api: string;
  key: string;
  fetch: typeof fetch;
  setTimeout: (fn: () => void, ms: number) => unknown;
}

/**
 * This person's history as the server knows it, across devices (`GET /v1/state`). Sending the
 * current usage lets the server keep the day's snapshot for the forecast. Null on any failure:
 * the widget then goes on with what this device knows.
 */
export async function fetchState(deps: StateClientDeps, ctx: Context): Promise<State | null> {
  const { account, usage, limits } = ctx;
  const query: Record<string, string> = { key: deps.key, user: ctx.user.id, account: account.id, plan: account.plan };
  if (account.periodStart) query.periodStart = account.periodStart;
  // Checked against plan and limits when the environment verifies identity.
  if (ctx.token) query.token = ctx.token;
  if (usage) query.usage = JSON.stringify(usage);
  if (limits) query.limits = JSON.stringify(limits);
  // Owned add-ons raise limits (seat packs): the forecast must use the same limit as the engine.
  if (Array.isArray(account.addons)) query.addons = account.addons.join();
  const controller = new AbortController();
  deps.setTimeout(() => controller.abort(), 5000);
  try {
    const res = await deps.fetch(`${deps.api}/v1/state?${new URLSearchParams(query)}`, { signal: controller.signal, credentials: 'omit' });
    const body: unknown = res.ok && (await res.json());
    return isState(body) ? body : null;
  } catch {
    return null;
  }
}
