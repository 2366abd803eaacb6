import { useEffect, useState } from 'preact/hooks';
import { audit, exportHref, loadAudit, loadOlder, NO_FILTERS, older, type AuditFilters } from '../../model/audit';
import { loadPeople, people } from '../../model/people';
import { Button, Empty, ErrorState, Loaded, PageHeading } from '../../ui';
import type { AreaProps } from '../types';
import { EntryRow } from './entry-row';
import { AuditFilterForm } from './filters';

/** `/admin/audit`: who changed what, newest first, with filters, paging back, and a JSON export. */
export default function AuditLog({ envs }: AreaProps) {
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(NO_FILTERS);
  useEffect(() => {
    void loadAudit(NO_FILTERS);
    // The person filter lists everyone; the log itself still loads if this fails.
    if (!people.data.value) void loadPeople();
  }, []);
  const apply = (filters: AuditFilters) => {
    setApplied(filters);
    void loadAudit(filters);
  };

  return (
    <>
      <PageHeading
        title="Audit log"
        actions={
          <a class="btn" href={exportHref(applied)} download>
            Export JSON
          </a>
        }
      />
      <AuditFilterForm value={draft} people={people.data.value?.people ?? []} envs={envs} onChange={setDraft} onApply={apply} />
      <Loaded resource={audit} what="the audit log">
        {(page) =>
          page.entries.length === 0 ? (
            <Empty>No entries match these filters.</Empty>
          ) : (
            <>
              <div class="table-wrap">
                <table class="table">
                  <caption>
                    {page.entries.length} entr{page.entries.length === 1 ? 'y' : 'ies'}, newest first
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Who</th>
                      <th scope="col">Action</th>
                      <th scope="col">Target</th>
                      <th scope="col">Changes</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.entries.map((e) => (
                      <EntryRow key={e.id} entry={e} envs={envs} />
                    ))}
                  </tbody>
                </table>
              </div>
              {older.error.value ? <ErrorState title="Could not load older entries" message={older.error.value.message} onRetry={() => void loadOlder()} /> : null}
              {page.next !== null ? (
                <Button onClick={() => void loadOlder()} busy={older.loading.value} busyLabel="Loading older entries…">
                  Load older
                </Button>
              ) : (
                <p class="muted">That is the oldest entry.</p>
              )}
            </>
          )
        }
      </Loaded>
    </>
  );
}
