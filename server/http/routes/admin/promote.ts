import { Hono } from 'hono';
import { z } from 'zod';
import { PromoteInput } from '../../../../shared/schemas/admin';
import { Rule } from '../../../../shared/schemas/rule';
import { diffJson } from '../../../../shared/diff';
import { ApiError, issuePath, methodNotAllowed } from '../../errors';
import type { ScopedDeps, ScopedEnv } from '../../middleware/access';
import { jsonBody } from '../../middleware/json-body';
import { comparable } from '../../../services/publishing';
import type { Environment } from '../../../store/config-types';
import type { Store } from '../../../store/types';

/** An environment's drafts; a draft rule that no longer validates stops the promotion (read as no rules, it would empty the target's). */
async function drafts(store: Store, env: Environment) {
  const rules = z.array(Rule).safeParse(await store.listDraftRules(env.id));
  if (!rules.success) {
    const issues = rules.error.issues.map((i) => ({ path: issuePath(['rules', ...i.path]), message: i.message }));
    throw new ApiError(422, 'invalid_config', `A draft rule of ${env.name} does not validate (${issues[0]!.path}: ${issues[0]!.message}); fix or delete it first`, { issues });
  }
  return { catalog: await store.getDraftCatalog(env.id), rules: rules.data, settings: (await store.getDraftSettings(env.id)) ?? {} };
}

/**
 * `POST /v1/admin/environments/:env/promote` (editor): copies this environment's draft catalog,
 * rules and settings into `to` as drafts, so staging's work becomes production's next publish.
 * Rules only the target has are removed from its drafts. `dryRun` answers the diff alone; the
 * diff reads from the target's side (before: what it has, after: what it will have).
 */
export function promoteRoutes({ store, access, audit }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.post('/', access('edit'), jsonBody(PromoteInput, 'promotion'), async (c) => {
    const { to, dryRun } = c.req.valid('json');
    const source = c.get('environment');
    const target = await store.findEnvironment(to);
    if (!target) throw new ApiError(404, 'environment_not_found', `No environment "${to}"`, { issues: [{ path: 'to', message: 'no such environment' }] });
    if (target.id === source.id) throw new ApiError(400, 'invalid_request', 'Choose another environment to promote into', { issues: [{ path: 'to', message: 'is this environment' }] });
    const from = await drafts(store, source);
    if (from.catalog === null) throw new ApiError(409, 'no_catalog', `${source.name} has no draft catalog to promote`);
    const into = await drafts(store, target);
    const changes = diffJson(comparable(into), comparable(from));
    if (dryRun) return c.json({ changes, applied: false });
    await store.putDraftCatalog(target.id, from.catalog);
    await store.putDraftSettings(target.id, from.settings);
    for (const rule of from.rules) await store.putDraftRule(target.id, rule.id, rule);
    for (const rule of into.rules) if (!from.rules.some((r) => r.id === rule.id)) await store.deleteDraftRule(target.id, rule.id);
    await audit(c, { kind: 'environment', action: 'environment.promoted', environmentId: target.id, target: `${source.name} → ${target.name}`, changes });
    return c.json({ changes, applied: true });
  });
  app.all('/', methodNotAllowed('POST'));
  return app;
}
