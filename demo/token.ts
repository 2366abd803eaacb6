import type { Role } from './session';

// The signed-in person's Upshift identity token, from the demo app's own backend
// (`GET /demo/api/upshift-token`), which signs it with the environment's secret as the README's
// Identity verification tells hosts to: the secret stays on the server. Upshift starts a trial or
// asks the admins only for a person such a token names.

/** A token is fetched again once it is this close to expiring, so the one in `identify` is never stale. */
export const REFRESH_BEFORE_MS = 5 * 60_000;

export interface Signed {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

const isSigned = (v: unknown): v is { token: string; expiresAt: string } =>
  typeof v === 'object' && v !== null && typeof (v as { token?: unknown }).token === 'string' && typeof (v as { expiresAt?: unknown }).expiresAt === 'string';

// One request per person at a time: the demo identifies on every usage change.
const held = new Map<Role, Promise<Signed | undefined>>();
const fresh = new Map<Role, Signed>();

async function fetchToken(role: Role): Promise<Signed | undefined> {
  try {
    const res = await fetch(`/demo/api/upshift-token?role=${role}`, { headers: { Accept: 'application/json' } });
    const body: unknown = res.ok ? await res.json() : undefined;
    if (!isSigned(body) || !Number.isFinite(Date.parse(body.expiresAt))) return undefined;
    const signed = { token: body.token, expiresAt: Date.parse(body.expiresAt) };
    fresh.set(role, signed);
    return signed;
  } catch {
    return undefined;
  }
}

/** The token already fetched for the person signed in as `role`, while it is not about to expire. */
export function heldToken(role: Role): Signed | undefined {
  const known = fresh.get(role);
  return known && known.expiresAt - REFRESH_BEFORE_MS > Date.now() ? known : undefined;
}

/** The token for the person signed in as `role`, or undefined when the backend cannot give one (then Upshift refuses their trials). */
export function upshiftToken(role: Role): Promise<Signed | undefined> {
  const known = heldToken(role);
  if (known) return Promise.resolve(known);
  let pending = held.get(role);
  if (!pending) {
    // Forgotten once settled (always after this set), so a failed fetch is tried again next time.
    pending = fetchToken(role).finally(() => held.delete(role));
    held.set(role, pending);
  }
  return pending;
}
