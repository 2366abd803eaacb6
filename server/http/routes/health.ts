import { Hono } from 'hono';
import type { Health } from '../../../shared/schemas/answers';
import { ApiError } from '../errors';
import type { Store } from '../../store/types';

/** `GET /healthz`: 200 when the database answers, 503 otherwise. */
export function healthRoutes(store: Store, version: string) {
  const app = new Hono();
  app.get('/', async (c) => {
    try {
      await store.ping();
    } catch {
      throw new ApiError(503, 'unhealthy', 'The database does not answer');
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok', version } satisfies Health);
  });
  return app;
}
