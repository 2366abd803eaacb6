import { useEffect, useState } from 'preact/hooks';
import type { Catalog } from '../../../../shared/schemas/catalog';
import { catalog, EMPTY_CATALOG_TEMPLATE, loadCatalog, startFromExampleCatalog } from '../../model/catalog';
import { allowed } from '../../model/roles';
import { Button, Empty, Loaded, PageHeading } from '../../ui';
import type { AreaProps } from '../types';
import { MapEditor } from './map-editor';
import { CatalogTables } from './tables';

/** `/admin/env/:envId/catalog`: the map. Editors edit the draft catalog as forms (or JSON); viewers read it as tables. */
export default function CatalogPage({ env }: AreaProps) {
  // An empty catalog an editor chose to start from scratch: edited before its first save.
  const [fresh, setFresh] = useState<Catalog | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const envId = env?.id ?? null;
  useEffect(() => {
    if (envId) void loadCatalog(envId);
  }, [envId]);
  if (!env) {
    return (
      <>
        <PageHeading title="Catalog" />
        <Empty>
          There is no environment yet. <a href="/admin/environments">Create one</a> to describe your plans.
        </Empty>
      </>
    );
  }
  const canEdit = allowed('edit');
  const start = async () => {
    setStarting(true);
    setStartError(null);
    try {
      await startFromExampleCatalog(env.id);
    } catch (e) {
      setStartError(e instanceof Error ? e.message : String(e));
    } finally {
      setStarting(false);
    }
  };

  return (
    <>
      <PageHeading title="Catalog" />
      <p class="muted">What {env.name} sells: the plans, their limits and features, add-ons, and the natural next step from each plan.</p>
      <Loaded resource={catalog} what="the catalog">
        {({ catalog: c }) =>
          c || fresh ? (
            canEdit ? (
              <MapEditor key={env.id} envId={env.id} initial={(c ?? fresh)!} />
            ) : (
              <CatalogTables catalog={c!} />
            )
          ) : (
            <Empty>
              <p>This environment has no catalog yet. Rules need one to know your plans and their limits.</p>
              {canEdit ? (
                <div class="row">
                  <Button variant="primary" busy={starting} busyLabel="Creating…" onClick={start}>
                    Start from the example catalog
                  </Button>
                  <Button onClick={() => setFresh(structuredClone(EMPTY_CATALOG_TEMPLATE) as Catalog)}>Start from scratch</Button>
                </div>
              ) : (
                <p>Ask an editor to set it up.</p>
              )}
              {startError ? (
                <p class="error" role="alert">
                  {startError}
                </p>
              ) : null}
            </Empty>
          )
        }
      </Loaded>
    </>
  );
}
