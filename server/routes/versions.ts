import { Hono } from 'hono';
import { z } from 'zod';
import { Config } from '../../shared/schemas/config';
import { ApiError, methodNotAllowed } from '../errors';
import { secretKey, type SecretEnv } from '../middleware/secret-key';
import { publishContent, publishDrafts } from '../publishing';
import type { PublishedConfig, Store } from '../store/types';

const summary = (p: Omit<PublishedConfig, 'body'>) => ({ version: p.version, etag: p.etag, publishedAt: p.publishedAt });

function versionParam(raw: string): number {
  const n = z.coerce.number().int().positive().safeParse(raw);
  if (!n.success || !/^\d+$/.test(raw)) throw new ApiError(400, 'invalid_request', `Version must be a positive whole number, got "${raw}"`, { issues: [{ path: 'version', message: 'must be a positive integer' }] });
  return n.data;
}

/** `POST /v1/publish` (secret key): turns the drafts into a new immutable version, served at once under a new ETag. */
export function publishRoutes(store: Store) {
  const app = new Hono<SecretEnv>();
  app.use('*', secretKey(store));
  app.post('/', async (c) => c.json(summary(await publishDrafts(store, c.get('environment').id)), 201));
  app.all('/', methodNotAllowed('POST'));
  return app;
}

/** `GET /v1/versions`, `GET /v1/versions/:n`, `POST /v1/versions/:n/rollback` (secret key). */
export function versionRoutes(store: Store) {
  const app = new Hono<SecretEnv>();
  app.use('*', secretKey(store));
  app.get('/', async (c) => c.json({ versions: (await store.listConfigVersions(c.get('environment').id)).map(summary) }));
  app.all('/', methodNotAllowed('GET'));

  const find = async (envId: string, raw: string) => {
    const found = await store.getConfigVersion(envId, versionParam(raw));
    if (!found) throw new ApiError(404, 'not_found', `No published version ${raw}`);
    return found;
  };
  app.get('/:n', async (c) => {
    const found = await find(c.get('environment').id, c.req.param('n'));
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(found.body);
  });
  app.all('/:n', methodNotAllowed('GET'));

  /** Republishes an earlier version's content as a new version; drafts are left as they are. */
  app.post('/:n/rollback', async (c) => {
    const envId = c.get('environment').id;
    const old = Config.safeParse(JSON.parse((await find(envId, c.req.param('n'))).body));
    if (!old.success) throw new ApiError(409, 'incompatible_version', `Version ${c.req.param('n')} no longer validates against the current schema`);
    const { catalog, rules, settings } = old.data;
    const published = await publishContent(store, envId, settings ? { catalog, rules, settings } : { catalog, rules });
    return c.json({ ...summary(published), rolledBackTo: old.data.version }, 201);
  });
  app.all('/:n/rollback', methodNotAllowed('POST'));
  return app;
}
