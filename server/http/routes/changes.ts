import { Hono } from 'hono';
import type { DraftChangesView } from '../../../shared/schemas/publishing';
import { contentChanges } from '../../services/content-diff';
import { publishableDrafts } from '../../services/drafts';
import { methodNotAllowed } from '../errors';
import type { ScopedDeps, ScopedEnv } from '../middleware/access';
import { liveContent } from '../../services/publishing';

/**
 * `GET /v1/changes` (viewer): what publishing the drafts now would change in what widgets are
 * served, against the live version: rules added, removed and changed field by field, then catalog
 * and settings. Draft and archived rules, which a publish leaves out, are listed apart.
 */
export function changeRoutes({ store, access }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => {
    const envId = c.get('environment').id;
    const [drafts, live, liveVersion] = await Promise.all([publishableDrafts(store, envId), liveContent(store, envId), store.getLiveConfig(envId)]);
    const view: DraftChangesView = { ...contentChanges(live, drafts.content), live: liveVersion?.version ?? null, unpublished: drafts.unpublished };
    return c.json(view);
  });
  app.all('/', methodNotAllowed('GET'));
  return app;
}
