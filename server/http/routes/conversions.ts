import { Hono } from 'hono';
import { z } from 'zod';
import { ConversionInput, type ConversionResult, type ConversionView } from '../../../shared/schemas/conversion';
import { revenueRollup } from '../../services/analytics/revenue-rollup';
import { attributionFor } from '../../services/attribution';
import { ApiError, invalidInput, methodNotAllowed } from '../errors';
import { iso } from '../../infra/iso';
import { jsonBody } from '../middleware/json-body';
import { maxBody } from '../middleware/max-body';
import { secretKey, type SecretEnv } from '../middleware/secret-key';
import type { Conversion, NewConversion } from '../../store/conversion-types';
import type { Store } from '../../store/types';

const MAX_BODY_BYTES = 4 * 1024;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;
const Limit = z.coerce.number().int().min(1).max(MAX_LIMIT);

export const conversionView = (c: Conversion): ConversionView => ({
  id: c.id,
  account: c.accountId,
  type: c.type,
  mrrDelta: c.mrrDelta,
  currency: c.currency,
  plan: c.plan,
  at: iso(c.at),
  idempotencyKey: c.idempotencyKey,
  source: c.source,
  touch: c.touch && { ...c.touch, at: iso(c.touch.at) },
  holdout: c.holdout,
  createdAt: iso(c.createdAt),
});

/** The fields a repeat must match to be the same conversion. */
const SAME: readonly (keyof NewConversion)[] = ['accountId', 'type', 'mrrDelta', 'currency', 'plan', 'at'];

/**
 * `POST /v1/conversions` (secret key): the host's backend reports a revenue change, credited to the
 * account's last prompt click (else impression) in the attribution window. Idempotent by
 * `idempotencyKey`: 201 the first time, 200 with the stored conversion on a repeat, and 409 when the
 * key comes back with different facts. `GET /v1/conversions?limit=` lists them, newest first.
 */
export function conversionRoutes(store: Store, clock: () => number) {
  const app = new Hono<SecretEnv>();
  app.use('/', secretKey(store));
  app.post('/', maxBody(MAX_BODY_BYTES, `A conversion may be at most ${MAX_BODY_BYTES} bytes`), jsonBody(ConversionInput, 'conversion'), async (c) => {
    const body = c.req.valid('json');
    const environmentId = c.get('environment').id;
    const input: NewConversion = {
      idempotencyKey: body.idempotencyKey,
      source: 'api',
      accountId: body.account,
      type: body.type,
      mrrDelta: body.mrrDelta,
      currency: body.currency,
      plan: body.plan ?? null,
      at: Date.parse(body.at),
    };
    const window = await attributionFor(store, environmentId, input.accountId, input.at, input.type);
    const { created, conversion } = await store.recordConversion(environmentId, input, window, clock(), revenueRollup);
    if (!created) {
      const differs = SAME.filter((k) => conversion[k] !== input[k]);
      if (differs.length > 0) {
        throw new ApiError(409, 'idempotency_key_reused', `Idempotency key "${body.idempotencyKey}" was already used for a different conversion`, {
          fields: differs.map((k) => (k === 'accountId' ? 'account' : k)),
          conversion: conversionView(conversion),
        });
      }
    }
    const result: ConversionResult = { conversion: conversionView(conversion), created };
    return c.json(result, created ? 201 : 200);
  });
  app.get('/', async (c) => {
    const raw = c.req.query('limit');
    const limit = raw === undefined ? { success: true as const, data: DEFAULT_LIMIT } : Limit.safeParse(raw);
    if (!limit.success) throw invalidInput([{ path: ['limit'], message: `must be a whole number from 1 to ${MAX_LIMIT}` }], 'query');
    const conversions = await store.listConversions(c.get('environment').id, limit.data);
    return c.json({ conversions: conversions.map(conversionView) });
  });
  app.all('/', methodNotAllowed('GET', 'POST'));
  return app;
}
