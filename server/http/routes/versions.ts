import { Hono } from 'hono';
import type { VersionChanges, VersionList } from '../../../shared/schemas/answers';
import { z } from 'zod';
import { Config } from '../../../shared/schemas/config';
import { diffJson } from '../../../shared/diff';
import { PublishInput, RollbackInput, type VersionView } from '../../../shared/schemas/publishing';
import type { Context } from 'hono';
import { contentChanges } from '../../services/content-diff';
import { ApiError, invalidInput, methodNotAllowed, validationError } from '../errors';
import type { ScopedDeps, ScopedEnv } from '../middleware/access';
import { parseJsonBody } from '../middleware/json-body';
import { comparable, liveContent, publishContent, publishDrafts } from '../../services/publishing';
import type { PublishedConfig, VersionMeta } from '../../store/config-types';

const summary = (p: Omit<PublishedConfig, 'body'>, meta: VersionMeta): VersionView => ({
  version: p.version,
  etag: p.etag,
  publishedAt: p.publishedAt,
  publishedBy: meta.publishedBy,
  note: meta.note,
  ...(meta.rolledBackTo === null ? {} : { rolledBackTo: meta.rolledBackTo }),
});

/** An optional JSON body: empty reads as `{}`. */
async function optionalBody<T extends z.ZodType>(c: Context, schema: T, what: string): Promise<z.output<T>> {
  const text = await c.req.text();
  const input = schema.safeParse(text.trim() === '' ? {} : parseJsonBody(text));
  if (!input.success) throw validationError(input.error, what);
  return input.data;
}

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
    const note = (await optionalBody(c, PublishInput, 'publish request')).note?.trim() ?? '';
    // A person in the console says why; rules-as-code callers (a secret key) may leave it out.
    if (c.get('role') !== null && note === '') throw invalidInput([{ path: ['note'], message: 'Say in a few words what this publish changes' }], 'publish request');
    const envId = c.get('environment').id;
    const before = await liveContent(store, envId);
    const meta: VersionMeta = { publishedBy: c.get('actor').label, note: note || null, rolledBackTo: null };
    const published = await publishDrafts(store, envId, meta);
    const changes = [...(note ? [{ path: 'note', after: note }] : [])];
    await audit(c, { kind: 'version', action: 'version.published', environmentId: envId, target: `v${published.version}`, changes: [...changes, ...diffOf(before, await liveContent(store, envId))] });
    return c.json(summary(published, meta), 201);
  });
  app.all('/', methodNotAllowed('POST'));
  return app;
}


/**
 * `GET /v1/versions`, `GET /v1/versions/:n`, `GET /v1/versions/:n/changes` (viewer: what rolling
 * back to it would change in the live config), `POST /v1/versions/:n/rollback` (publisher).
 */
export function versionRoutes({ store, access, audit }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => c.json({ versions: (await store.listConfigVersions(c.get('environment').id)).map((v) => summary(v, v)) } satisfies VersionList));
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

  const contentOf = async (envId: string, raw: string) => {
    const old = Config.safeParse(JSON.parse((await find(envId, raw)).body));
    if (!old.success) throw new ApiError(409, 'incompatible_version', `Version ${raw} no longer validates against the current schema`);
    const { version, catalog, rules, settings } = old.data;
    return { version, content: settings ? { catalog, rules, settings } : { catalog, rules } };
  };
  app.get('/:n/changes', access('read'), async (c) => {
    const envId = c.get('environment').id;
    const { content } = await contentOf(envId, c.req.param('n'));
    const live = await store.getLiveConfig(envId);
    return c.json({ ...contentChanges(await liveContent(store, envId), content), live: live?.version ?? null } satisfies VersionChanges);
  });
  app.all('/:n/changes', methodNotAllowed('GET'));

  /** Republishes an earlier version's content as a new version; drafts are left as they are. */
  app.post('/:n/rollback', access('publish'), async (c) => {
    const envId = c.get('environment').id;
    const given = (await optionalBody(c, RollbackInput, 'rollback request')).note?.trim() ?? '';
    const old = await contentOf(envId, c.req.param('n'));
    const before = await liveContent(store, envId);
    const meta: VersionMeta = { publishedBy: c.get('actor').label, note: `Rollback to version ${old.version}${given ? ` — ${given}` : ''}`, rolledBackTo: old.version };
    const published = await publishContent(store, envId, old.content, meta);
    await audit(c, { kind: 'version', action: 'version.rolled_back', environmentId: envId, target: `v${published.version} (content of v${old.version})`, changes: [{ path: 'note', after: meta.note }, ...diffOf(before, await liveContent(store, envId))] });
    return c.json(summary(published, meta), 201);
  });
  app.all('/:n/rollback', methodNotAllowed('POST'));
  return app;
}
