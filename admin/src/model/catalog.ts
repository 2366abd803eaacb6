import type { Catalog } from '../../../shared/schemas/catalog';
import { api, ApiFailure, envPath } from '../api';
import type { Warning } from '../ui/json-editor';
import { resource } from './resource';

/** The draft catalog, or null while the environment has none (the server answers 404 then). */
export const catalog = resource<{ catalog: Catalog | null }>();

export const loadCatalog = (envId: string): Promise<void> =>
  catalog.load(async () => {
    try {
      return await api<{ catalog: Catalog }>('GET', envPath(envId, 'catalog'));
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 404 && e.code === 'not_found') return { catalog: null };
      throw e;
    }
  }, envId);

/** Replaces the draft catalog; answers warnings for draft rules it leaves pointing at nothing. */
export async function saveCatalog(envId: string, next: unknown): Promise<Warning[]> {
  const answer = await api<{ catalog: Catalog; warnings?: Warning[] }>('PUT', envPath(envId, 'catalog'), next);
  catalog.data.value = { catalog: answer.catalog };
  return answer.warnings ?? [];
}

/**
 * Fills an empty draft catalog with the example one (the README walkthrough's, `shared/examples.ts`),
 * saved through the same PUT as any edit, so the server checks it and the audit log records it.
 * The example is loaded on demand: most visits never need it.
 */
export async function startFromExampleCatalog(envId: string): Promise<Warning[]> {
  const { exampleCatalog } = await import('../../../shared/examples');
  return saveCatalog(envId, exampleCatalog);
}

/** What "Start from scratch" opens the map editor on: the smallest catalog the schema takes. */
export const EMPTY_CATALOG_TEMPLATE = {
  metrics: [{ id: 'api-calls', name: 'API calls' }],
  features: [],
  plans: [{ id: 'starter', name: 'Starter', limits: { 'api-calls': 10000 }, features: [] }],
  nextSteps: [],
};
