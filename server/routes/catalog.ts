import { Hono } from 'hono';
import { Catalog } from '../../shared/schemas/catalog';
import { ApiError, invalidInput, methodNotAllowed } from '../errors';
import { catalogIssues } from '../lint';
import { jsonBody } from '../middleware/json-body';
import { secretKey, type SecretEnv } from '../middleware/secret-key';
import type { Store } from '../store/types';

/** `GET|PUT /v1/catalog` (secret key): the draft plans, metrics, features and next steps. */
export function catalogRoutes(store: Store) {
  const app = new Hono<SecretEnv>();
  app.use('*', secretKey(store));
  app.get('/', async (c) => {
    const catalog = await store.getDraftCatalog(c.get('environment').id);
    if (catalog === null) throw new ApiError(404, 'not_found', 'This environment has no draft catalog yet');
    return c.json({ catalog });
  });
  app.put('/', jsonBody(Catalog, 'catalog'), async (c) => {
    const catalog = c.req.valid('json');
    // Next-step segments name attributes and compare them: checks the schema alone cannot make.
    const issues = catalogIssues(catalog);
    if (issues.length) throw invalidInput(issues, 'catalog');
    await store.putDraftCatalog(c.get('environment').id, catalog);
    return c.json({ catalog });
  });
  app.all('/', methodNotAllowed('GET', 'PUT'));
  return app;
}
