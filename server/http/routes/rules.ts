import { Hono } from 'hono';
import type { RuleSaved } from '../../../shared/schemas/answers';
import { z } from 'zod';
import { Catalog } from '../../../shared/schemas/catalog';
import { Key } from '../../../shared/schemas/common';
import { Rule } from '../../../shared/schemas/rule';
import { ApiError, invalidInput, methodNotAllowed, validationError } from '../errors';
import { lintRule, ruleIssues } from '../../services/lint';
import { jsonBody } from '../middleware/json-body';
import type { ScopedDeps, ScopedEnv } from '../middleware/access';

function ruleId(raw: string): string {
  const parsed = Key.safeParse(raw);
  if (!parsed.success) throw validationError(new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: ['id', ...i.path] }))), 'rule id');
  return parsed.data;
}

/**
 * Rules as code (secret key): `GET /v1/rules`, `GET|PUT|DELETE /v1/rules/:id`. Writes change
 * drafts only, validated by the same schema the config uses and checked against the draft catalog
 * (unknown attributes, operators that do not fit); the answer carries lint warnings. Nothing
 * reaches widgets until `POST /v1/publish`. `clock` dates lint such as "the schedule has ended".
 */
export function ruleRoutes({ store, clock, access, audit }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  /** Stored drafts that still validate; one left invalid by a schema change must not break the others. */
  const drafts = async (envId: string) => (await store.listDraftRules(envId)).flatMap((d) => {
    const r = Rule.safeParse(d);
    return r.success ? [r.data] : [];
  });
  const catalogOf = async (envId: string) => {
    const parsed = Catalog.safeParse(await store.getDraftCatalog(envId));
    return parsed.success ? parsed.data : null;
  };

  app.get('/', access('read'), async (c) => {
    const stored = await store.listDraftRules(c.get('environment').id);
    const invalid = stored.flatMap((d) => {
      const r = Rule.safeParse(d);
      return r.success ? [] : [{ id: (d as { id?: unknown })?.id ?? null, issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }];
    });
    // Every stored draft is listed; those that no longer validate are named in `invalid` so they can be fixed.
    return c.json(invalid.length ? { rules: stored, invalid } : { rules: stored });
  });
  app.all('/', methodNotAllowed('GET'));

  app.get('/:id', access('read'), async (c) => {
    const rule = await store.getDraftRule(c.get('environment').id, ruleId(c.req.param('id')));
    if (rule === null) throw new ApiError(404, 'not_found', `No draft rule "${c.req.param('id')}"`);
    return c.json({ rule });
  });

  app.put('/:id', access('edit'), jsonBody(Rule, 'rule'), async (c) => {
    const id = ruleId(c.req.param('id'));
    const rule = c.req.valid('json');
    if (rule.id !== id) throw new ApiError(400, 'id_mismatch', `The body's id "${rule.id}" differs from "${id}" in the path`, { issues: [{ path: 'id', message: 'must equal the id in the path' }] });
    const envId = c.get('environment').id;
    const catalog = await catalogOf(envId);
    const issues = ruleIssues(rule, catalog);
    if (issues.length) throw invalidInput(issues, 'rule');
    const before = await store.getDraftRule(envId, id);
    const created = await store.putDraftRule(envId, id, rule);
    await audit(c, { kind: 'rule', action: created ? 'rule.created' : 'rule.updated', environmentId: envId, target: id, before: before ?? undefined, after: rule });
    const warnings = lintRule(rule, catalog, await drafts(envId), clock());
    return c.json({ rule, warnings } satisfies RuleSaved, created ? 201 : 200);
  });

  app.delete('/:id', access('edit'), async (c) => {
    const envId = c.get('environment').id;
    const id = ruleId(c.req.param('id'));
    const before = await store.getDraftRule(envId, id);
    const removed = await store.deleteDraftRule(envId, id);
    if (!removed) throw new ApiError(404, 'not_found', `No draft rule "${c.req.param('id')}"`);
    await audit(c, { kind: 'rule', action: 'rule.deleted', environmentId: envId, target: id, before, after: undefined });
    return c.body(null, 204);
  });
  app.all('/:id', methodNotAllowed('GET', 'PUT', 'DELETE'));
  return app;
}
