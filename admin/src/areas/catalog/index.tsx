import { useEffect, useState } from 'preact/hooks';
import { catalog, EMPTY_CATALOG_TEMPLATE, loadCatalog, startFromExampleCatalog } from '../../model/catalog';
import { allowed } from '../../model/roles';
import { Button, Empty, Loaded, PageHeading, Warnings, type Warning } from '../../ui';
import type { AreaProps } from '../types';
import { CatalogEditor } from './editor';
import { CatalogTables } from './tables';

/** `/admin/env/:envId/catalog`: the draft catalog as tables, and a JSON editor for editors. */
export default function CatalogPage({ env }: AreaProps) {
  const [editing, setEditing] = useState<unknown>(null);
  const [warnings, setWarnings] = useState<Warning[]>([]);
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
      <PageHeading
        title="Catalog"
        actions={
          canEdit && editing === null && catalog.data.value?.catalog ? (
            <Button variant="primary" onClick={() => setEditing(catalog.data.value?.catalog)}>
              Edit as JSON
            </Button>
          ) : null
        }
      />
      <p class="muted">What {env.name} sells: the plans, their limits and features, add-ons, and the natural next step from each plan.</p>
      {editing !== null ? (
        <CatalogEditor
          key={env.id}
          envId={env.id}
          initial={editing}
          onClose={() => setEditing(null)}
          onSaved={(w) => {
            setWarnings(w);
            setEditing(null);
          }}
        />
      ) : null}
      <Warnings warnings={warnings} title="Saved. Some draft rules now point at something the catalog no longer has:" />
      <Loaded resource={catalog} what="the catalog">
        {({ catalog: c }) =>
          c ? (
            <CatalogTables catalog={c} />
          ) : editing === null ? (
            <Empty>
              <p>This environment has no catalog yet. Rules need one to know your plans and their limits.</p>
              {canEdit ? (
                <div class="row">
                  <Button variant="primary" busy={starting} busyLabel="Creating…" onClick={start}>
                    Start from the example catalog
                  </Button>
                  <Button onClick={() => setEditing(EMPTY_CATALOG_TEMPLATE)}>Write one as JSON</Button>
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
          ) : null
        }
      </Loaded>
    </>
  );
}
