import { Hono } from 'hono';
import type { CatalogSaved } from '../../../shared/schemas/answers';
import { Catalog } from '../../../shared/schemas/catalog';
import { ApiError, invalidInput, methodNotAllowed } from '../errors';
import { Rule } from '../../../shared/schemas/rule';
import { BLOCKING, catalogIssues, lintRule, ruleIssues, type LintWarning } from '../../services/lint';
import { jsonBody } from '../middleware/json-body';
import type { ScopedDeps, ScopedEnv } from '../middleware/access';

/**
 * `GET|PUT /v1/catalog` (secret key): the draft plans, metrics, features and next steps. A PUT
 * answers `warnings` for draft rules the new catalog leaves pointing at nothing.
 */
export function catalogRoutes({ store, access, audit }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => {
    const catalog = await store.getDraftCatalog(c.get('environment').id);
    if (catalog === null) throw new ApiError(404, 'not_found', 'This environment has no draft catalog yet');
    return c.json({ catalog });
  });
  app.put('/', access('edit'), jsonBody(Catalog, 'catalog'), async (c) => {
    const catalog = c.req.valid('json');
    // Next-step segments name attributes and compare them: checks the schema alone cannot make.
    const issues = catalogIssues(catalog);
    if (issues.length) throw invalidInput(issues, 'catalog');
    const envId = c.get('environment').id;
    const before = await store.getDraftCatalog(envId);
    await store.putDraftCatalog(envId, catalog);
    await audit(c, { kind: 'catalog', action: 'catalog.updated', environmentId: envId, before: before ?? undefined, after: catalog });
    // The new catalog may strand draft rules (a metric, plan or feature they name is gone): say
    // which, now, rather than only at publish.
    const drafts = (await store.listDraftRules(envId)).flatMap((d) => {
      const r = Rule.safeParse(d);
      return r.success ? [r.data] : [];
    });
    // Each names its rule (id and name) and the path inside it, so the console can say which rule and where.
    const warnings: (LintWarning & { ruleId: string; ruleName: string })[] = drafts.flatMap((rule) =>
      [...ruleIssues(rule, catalog).map((i) => ({ ...i, code: 'rule.invalid' })), ...lintRule(rule, catalog, []).filter((w) => BLOCKING.has(w.code))].map((w) => ({ ruleId: rule.id, ruleName: rule.name, ...w })),
    );
    return c.json({ catalog, warnings } satisfies CatalogSaved);
  });
  app.all('/', methodNotAllowed('GET', 'PUT'));
  return app;
}
