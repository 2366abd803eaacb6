import { Hono, type Context } from 'hono';
import { AuditQuery } from '../../../../shared/schemas/admin';
import type { SessionEnv } from '../../../services/auth/sessions';
import { methodNotAllowed, validationError } from '../../errors';
import type { Store } from '../../../store/types';
import type { AuditFilter } from '../../../store/workspace-types';
import { auditView } from './views';

/** The largest export, in entries; narrower filters export older entries. */
const MAX_EXPORT = 50_000;

function filterOf(c: Context): AuditFilter {
  const parsed = AuditQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error, 'audit query');
  const q = parsed.data;
  return { actor: q.actor, kind: q.kind, environment: q.environment, from: q.from ? Date.parse(q.from) : undefined, to: q.to ? Date.parse(q.to) : undefined, before: q.before, limit: q.limit };
}

/**
 * `GET /v1/admin/audit` (anyone signed in): the audit log, newest first, filtered by person,
 * kind, environment and time, a page at a time (`next` is the `before` of the next page).
 * `GET /v1/admin/audit/export`: every matching entry as a JSON file.
 */
export function auditRoutes(store: Store) {
  const app = new Hono<SessionEnv>();
  app.get('/', async (c) => {
    const filter = filterOf(c);
    const entries = await store.listAudit({ ...filter, limit: filter.limit + 1 });
    const page = entries.slice(0, filter.limit);
    return c.json({ entries: page.map(auditView), next: entries.length > filter.limit ? (page[page.length - 1]?.id ?? null) : null });
  });
  app.all('/', methodNotAllowed('GET'));
  app.get('/export', async (c) => {
    const entries = await store.listAudit({ ...filterOf(c), limit: MAX_EXPORT });
    c.header('Content-Disposition', `attachment; filename="upshift-audit-${new Date().toISOString().slice(0, 10)}.json"`);
    return c.json(entries.map(auditView));
  });
  app.all('/export', methodNotAllowed('GET'));
  return app;
}
