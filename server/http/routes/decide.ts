import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { evaluate } from '../../../shared/engine/evaluate';
import { explainAll } from '../../../shared/engine/explain';
import { exposuresOf } from '../../../shared/engine/exposures';
import { DecideRequest } from '../../../shared/schemas/decide';
import { methodNotAllowed } from '../errors';
import { liveConfig } from '../../services/live-config';
import { jsonBody } from '../middleware/json-body';
import { secretKey, type SecretEnv } from '../middleware/secret-key';
import { personState } from '../../services/person-state';
import type { DecideAnswer } from '../../../shared/schemas/answers';
import type { Store } from '../../store/types';

/**
 * `POST /v1/decide` (secret key): the very evaluation the widget runs, on the live published
 * config, for emails, CS tools and server-rendered pages. Answers the interruptive prompt, if any,
 * the inline and panel prompts (`placed`), and why every rule did or did not show: each reason
 * keeps its machine code and params and gains a human `message`. Without a `state`, the person's
 * history is read from the stored events as `GET /v1/state` reads it (as of now, even with `at`:
 * it is what the widget would have fetched), but no usage snapshot is recorded: a lookup from a
 * back office is not a visit. Each rule that passed judging records an exposure, as the widget's
 * would (once per person, rule and day), except with `at`: a preview exposes no one.
 */
export function decideRoutes(store: Store, clock: () => number) {
  const app = new Hono<SecretEnv>();
  app.use('*', secretKey(store));
  app.post('/', jsonBody(DecideRequest, 'decide request'), async (c) => {
    const { context, state, at } = c.req.valid('json');
    const env = c.get('environment').id;
    const config = await liveConfig(store, env);
    const now = clock();
    const { user, account, limits } = context;
    const person = { user: user.id, account: account.id, plan: account.plan, periodStart: account.periodStart, limits, addons: account.addons };
    const history = state ?? (await personState(store, env, person, config, now));
    const { prompt, placed, reasons } = evaluate(config, context, history, at ? Date.parse(at) : now);
    if (!at) {
      const base = { at: new Date(now).toISOString(), userId: user.id, accountId: account.id, ...(user.locale && { locale: user.locale }) };
      const exposures = exposuresOf(config, reasons).map((x) => ({ ...base, ...x, id: randomUUID(), type: 'exposure' as const }));
      if (exposures.length > 0) await store.insertEvents(env, exposures, now);
    }
    return c.json({ configVersion: config.version, prompt, placed, reasons: explainAll(reasons) } satisfies DecideAnswer);
  });
  app.all('/', methodNotAllowed('POST'));
  return app;
}
