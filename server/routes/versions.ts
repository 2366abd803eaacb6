import { Hono } from 'hono';
import { z } from 'zod';
import { Config } from '../../shared/schemas/config';
import { diffJson } from '../../shared/diff';
import { ApiError, methodNotAllowed, validationError } from '../errors';
import type { ScopedDeps, ScopedEnv } from '../middleware/access';
import { parseJsonBody } from '../middleware/json-body';
import { comparable, liveContent, publishContent, publishDrafts } from '../publishing';
import type { PublishedConfig } from '../store/types';

const summary = (p: Omit<PublishedConfig, 'body'>) => ({ version: p.version, etag: p.etag, publishedAt: p.publishedAt });

/** Body of `POST /v1/publish` (optional): a note for the audit log, "Spring pricing". */
const PublishInput = z.object({ note: z.string().max(500).optional() }).strict();

/** What a publish or rollback changed in what widgets are served, rule by rule. */
const diffOf = (before: Parameters<typeof comparable>[0], after: Parameters<typeof comparable>[0]) => diffJson(comparable(before), comparable(after));

function versionParam(raw: string): number {
  const n = z.coerce.number().int().positive().safeParse(raw);
  if (!n.success || !/^\d+$/.test(raw)) throw new ApiError(400, 'invalid_request', `Version must be a positive whole number, got "${raw}"`, { issues: [{ path: 'version', message: 'must be a positive integer' }] });
  return n.data;
}

/**
 * `POST /v1/publish` (publisher): turns the drafts into a new immutable version, served at once
 * under a new ETag. The audit log records what went live against the version before.
 */
export function publishRoutes({ store, access, audit }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.post('/', access('publish'), async (c) => {
    const text = await c.req.text();
    const input = PublishInput.safeParse(text.trim() === '' ? {} : parseJsonBody(text));
    if (!input.success) throw validationError(input.error, 'publish request');
    const envId = c.get('environment').id;
    const before = await liveContent(store, envId);
    const published = await publishDrafts(store, envId);
    const changes = [...(input.data.note ? [{ path: 'note', after: input.data.note }] : [])];
    await audit(c, { kind: 'version', action: 'version.published', environmentId: envId, target: `v${published.version}`, changes: [...changes, ...diffOf(before, await liveContent(store, envId))] });
    return c.json(summary(published), 201);
  });
  app.all('/', methodNotAllowed('POST'));
  return app;
}


/** `GET /v1/versions`, `GET /v1/versions/:n` (viewer), `POST /v1/versions/:n/rollback` (publisher). */
export function versionRoutes({ store, access, audit }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => c.json({ versions: (await store.listConfigVersions(c.get('environment').id)).map(summary) }));
  app.all('/', methodNotAllowed('GET'));

  const find = async (envId: string, raw: string) => {
    const found = await store.getConfigVersion(envId, versionParam(raw));
    if (!found) throw new ApiError(404, 'not_found', `No published version ${raw}`);
    return found;
  };
  app.get('/:n', access('read'), async (c) => {
    const found = await find(c.get('environment').id, c.req.param('n'));
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(found.body);
  });
  app.all('/:n', methodNotAllowed('GET'));

  /** Republishes an earlier version's content as a new version; drafts are left as they are. */
  app.post('/:n/rollback', access('publish'), async (c) => {
    const envId = c.get('environment').id;
    const old = Config.safeParse(JSON.parse((await find(envId, c.req.param('n'))).body));
    if (!old.success) throw new ApiError(409, 'incompatible_version', `Version ${c.req.param('n')} no longer validates against the current schema`);
    const { catalog, rules, settings } = old.data;
    const before = await liveContent(store, envId);
    const published = await publishContent(store, envId, settings ? { catalog, rules, settings } : { catalog, rules });
    await audit(c, { kind: 'version', action: 'version.rolled_back', environmentId: envId, target: `v${published.version} (content of v${old.data.version})`, changes: diffOf(before, await liveContent(store, envId)) });
    return c.json({ ...summary(published), rolledBackTo: old.data.version }, 201);
  });
  app.all('/:n/rollback', methodNotAllowed('POST'));
  return app;
}
