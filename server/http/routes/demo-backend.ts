import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError, methodNotAllowed, validationError } from '../errors';
import { signIdentityToken } from '../../services/identity-token';
import { iso } from '../../infra/iso';
import type { Store } from '../../store/types';

// The demo app's backend: the part of "Acme Analytics" that a real host runs on its own servers.
// It knows who is signed in and signs their Upshift identity token with the environment's secret,
// exactly as the README's Identity verification tells hosts to, so the secret never reaches the
// browser. The demo has no real sign-in: its session is the `role` in the page's query string, so
// this signs only for the demo's own two people of its one account, never for ids a caller names.

/** The demo's people by role, as `demo/session.ts` shows them, all of Globex Corporation on Starter. */
export const DEMO_PEOPLE = { admin: 'user_dana', member: 'user_fox' } as const;
export const DEMO_ACCOUNT = { id: 'acct_globex', plan: 'starter' } as const;

/** How long a token is valid: an hour, as in the README's example; the page fetches a new one before then. */
export const DEMO_TOKEN_SECONDS = 3600;

/** `GET /demo/api/upshift-token?role=admin|member`: whose token; the demo's default is the admin. */
const TokenQuery = z.object({ role: z.enum(['admin', 'member']).default('admin') }).strict();

/** The answer: the token for `Upshift.identify`, and when it expires (ISO 8601). */
export const DemoToken = z.object({ token: z.string(), expiresAt: z.string() });
export type DemoToken = z.infer<typeof DemoToken>;

export interface DemoBackendOptions {
  store: Store;
  /** The demo environment's publishable key, which the `/demo` page embeds. */
  demoKey: string;
  /** Epoch ms. */
  clock: () => number;
}

/** The demo host app's backend endpoints, under `/demo/api`. */
export function demoBackendRoutes({ store, demoKey, clock }: DemoBackendOptions) {
  const app = new Hono();
  app.get('/upshift-token', async (c) => {
    const query = TokenQuery.safeParse(c.req.query());
    if (!query.success) throw validationError(query.error, 'token request');
    const environment = await store.findEnvironmentByPublishableKey(demoKey);
    const settings = environment && (await store.getIdentitySettings(environment.id));
    // ensureDemo sets the secret up on every start; without it there is nothing to sign with.
    if (!settings) throw new ApiError(503, 'demo_not_ready', 'The demo environment has no identity secret yet; restart the server to set it up');
    const now = clock();
    const exp = Math.floor(now / 1000) + DEMO_TOKEN_SECONDS;
    const claims = { sub: DEMO_PEOPLE[query.data.role], account: DEMO_ACCOUNT.id, plan: DEMO_ACCOUNT.plan, iat: Math.floor(now / 1000), exp };
    c.header('Cache-Control', 'no-store');
    const body: DemoToken = { token: signIdentityToken(claims, settings.secret), expiresAt: iso(exp * 1000) };
    return c.json(body);
  });
  app.all('/upshift-token', methodNotAllowed('GET'));
  return app;
}
