import { Hono } from 'hono';
import { Catalog } from '../../shared/schemas/catalog';
import { ApiError, invalidInput, methodNotAllowed } from '../errors';
import { Rule } from '../../shared/schemas/rule';
import { BLOCKING, catalogIssues, lintRule, ruleIssues, type LintWarning } from '../lint';
import { jsonBody } from '../middleware/json-body';
import { secretKey, type SecretEnv } from '../middleware/secret-key';
import type { Store } from '../store/types';

/**
 * `GET|PUT /v1/catalog` (secret key): the draft plans, metrics, features and next steps. A PUT
 * answers `warnings` for draft rules the new catalog leaves pointing at nothing.
 */
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
    const envId = c.get('environment').id;
    await store.putDraftCatalog(envId, catalog);
    // The new catalog may strand draft rules (a metric, plan or feature they name is gone): say
    // which, now, rather than only at publish.
    const drafts = (await store.listDraftRules(envId)).flatMap((d) => {
      const r = Rule.safeParse(d);
      return r.success ? [r.data] : [];
    });
    const warnings: (LintWarning & { ruleId: string })[] = drafts.flatMap((rule) =>
      [...ruleIssues(rule, catalog).map((i) => ({ ...i, code: 'rule.invalid' })), ...lintRule(rule, catalog, []).filter((w) => BLOCKING.has(w.code))].map((w) => ({ ruleId: rule.id, ...w })),
    );
    return c.json({ catalog, warnings });
  });
  app.all('/', methodNotAllowed('GET', 'PUT'));
  return app;
}
