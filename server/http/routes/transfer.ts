import { Hono } from 'hono';
import { EXPORT_FORMAT, ExportFile, ImportInput, type ImportView } from '../../../shared/schemas/publishing';
import { contentChanges } from '../../services/content-diff';
import { readDrafts, storedDrafts } from '../../services/drafts';
import { invalidInput, methodNotAllowed } from '../errors';
import { catalogIssues, ruleIssues } from '../../services/lint';
import type { ScopedDeps, ScopedEnv } from '../middleware/access';
import { jsonBody } from '../middleware/json-body';

/** A file name that is safe in a Content-Disposition header: "upshift-staging-drafts.json". */
const fileName = (envName: string) => `upshift-${envName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'environment'}-drafts.json`;

/**
 * `GET /v1/export` (viewer): the environment's drafts (catalog, rules, settings) as one JSON file
 * to download. Never a secret: keys, identity, webhook and Stripe secrets live elsewhere.
 */
export function exportRoutes({ store, clock, access }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => {
    const env = c.get('environment');
    const drafts = await readDrafts(store, env);
    const file: ExportFile = { format: EXPORT_FORMAT, formatVersion: 1, exportedAt: new Date(clock()).toISOString(), environment: { name: env.name }, ...drafts };
    c.header('Content-Disposition', `attachment; filename="${fileName(env.name)}"`);
    c.header('Cache-Control', 'no-store');
    return c.json(file);
  });
  app.all('/', methodNotAllowed('GET'));
  return app;
}

/**
 * `POST /v1/import` (editor): `{ file, dryRun }`. The file is validated whole with the config's own
 * schemas and the editors' checks (issues at paths from the file's root); the answer is the diff against the current
 * drafts. Without `dryRun` the drafts are replaced in one transaction: catalog, settings, and the
 * rules (those missing from the file are removed). Nothing is published.
 */
export function importRoutes({ store, access, audit }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.post('/', access('edit'), jsonBody(ImportInput, 'import'), async (c) => {
    const { file, dryRun } = c.req.valid('json');
    const parsed = ExportFile.safeParse(file);
    if (!parsed.success) throw invalidInput(parsed.error.issues, 'import file');
    const { catalog, rules, settings } = parsed.data;
    // What the catalog and rule editors refuse beyond the schema (unknown attributes, mismatched operators).
    const refused = [
      ...catalogIssues(catalog).map((i) => ({ ...i, path: ['catalog', ...i.path] })),
      ...rules.flatMap((rule, n) => ruleIssues(rule, catalog).map((i) => ({ ...i, path: ['rules', n, ...i.path] }))),
    ];
    if (refused.length) throw invalidInput(refused, 'import file');
    const envId = c.get('environment').id;
    const changes = contentChanges(await storedDrafts(store, envId), { catalog, rules, settings });
    if (!dryRun) {
      await store.replaceDrafts(envId, { catalog, rules, settings });
      const summary = [
        ...changes.rules.added.map((r) => ({ path: `rules.${r.id}`, after: 'added' })),
        ...changes.rules.removed.map((r) => ({ path: `rules.${r.id}`, before: 'removed' })),
        ...changes.rules.changed.flatMap((r) => r.changes.map((x) => ({ ...x, path: `rules.${r.id}.${x.path}` }))),
        ...changes.catalog.map((x) => ({ ...x, path: `catalog.${x.path}` })),
        ...changes.settings.map((x) => ({ ...x, path: `settings.${x.path}` })),
      ];
      await audit(c, { kind: 'environment', action: 'drafts.imported', environmentId: envId, target: `from ${parsed.data.environment.name}`, changes: summary });
    }
    const view: ImportView = { changes, applied: !dryRun };
    return c.json(view);
  });
  app.all('/', methodNotAllowed('POST'));
  return app;
}
