import { useState } from 'preact/hooks';
import { loadRollbackChanges, rollbackChanges, rollbackTo } from '../../model/publishing';
import { versions, type VersionSummary } from '../../model/rules';
import { Button, ConfirmDialog, Empty, formatTime, Loaded, TextField, toast } from '../../ui';
import { ChangesList } from './changes-list';

/**
 * The published versions, newest (live) first: who published each, when, and why. A publisher
 * rolls back to an earlier one after seeing what that changes in the live config.
 */
export function VersionsTable({ envId, canPublish }: { envId: string; canPublish: boolean }) {
  const [pending, setPending] = useState<VersionSummary | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const ask = (v: VersionSummary) => {
    setError(null);
    setNote('');
    setPending(v);
    void loadRollbackChanges(envId, v.version);
  };
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const v = await rollbackTo(envId, pending.version, note);
      toast(`Version ${pending.version} is live again, as version ${v.version}.`);
      setPending(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Loaded resource={versions} what="versions">
        {(list) =>
          list.length === 0 ? (
            <Empty>Nothing has been published in this environment yet.</Empty>
          ) : (
            <div class="table-wrap">
              <table class="table">
                <caption>Newest first; the first row is live.</caption>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Published</th>
                    <th scope="col">By</th>
                    <th scope="col">Note</th>
                    {canPublish ? <th scope="col">Actions</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {[...list].sort((a, b) => b.version - a.version).map((v, i) => (
                    <tr key={v.version}>
                      <td>
                        {v.version} {i === 0 ? <span class="badge">live</span> : null}
                      </td>
                      <td>
                        <time dateTime={v.publishedAt}>{formatTime(v.publishedAt)}</time>
                      </td>
                      <td>{v.publishedBy ?? <span class="muted">not recorded</span>}</td>
                      <td>{v.note ?? <span class="muted">—</span>}</td>
                      {canPublish ? <td>{i === 0 ? null : <Button small onClick={() => ask(v)}>{`Roll back to ${v.version}`}</Button>}</td> : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <ConfirmDialog
        open={pending !== null}
        title={`Roll back to version ${pending?.version ?? ''}?`}
        confirmLabel="Roll back"
        busy={busy}
        error={error}
        onCancel={() => setPending(null)}
        onConfirm={() => void confirm()}
      >
        <p>Version {pending?.version}'s rules, catalog and settings are published again as a new version. Your drafts stay as they are. What changes for your customers:</p>
        <Loaded resource={rollbackChanges} what="the changes">
          {(changes) => <ChangesList changes={changes} empty={`Version ${changes.version} serves what is live now: rolling back changes nothing.`} />}
        </Loaded>
        <TextField label="Note (optional)" value={note} onValue={setNote} hint={`Recorded after "Rollback to version ${pending?.version ?? ''}".`} />
      </ConfirmDialog>
    </>
  );
}
