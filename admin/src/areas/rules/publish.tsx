import { useState } from 'preact/hooks';
import { publish, rollback, versions, type VersionSummary } from '../../model/rules';
import { Button, ConfirmDialog, Empty, formatTime, Loaded, TextField, toast } from '../../ui';

type Pending = { kind: 'publish' } | { kind: 'rollback'; version: VersionSummary };

/**
 * Publishing and the published versions. Only publishers and owners see the controls; everyone
 * sees the versions.
 */
export function PublishPanel({ envId, envName, canPublish }: { envId: string; envName: string; canPublish: boolean }) {
  const [note, setNote] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const ask = (p: Pending) => {
    setError(null);
    setPending(p);
  };
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      if (pending.kind === 'publish') {
        const v = await publish(envId, note);
        setNote('');
        toast(`Published version ${v.version} of ${envName}.`);
      } else {
        const v = await rollback(envId, pending.version.version);
        toast(`Version ${pending.version.version} is live again, as version ${v.version}.`);
      }
      setPending(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="publish-title">
      <h2 id="publish-title">Published versions</h2>
      {canPublish ? (
        <form
          class="card"
          aria-label="Publish"
          onSubmit={(e) => {
            e.preventDefault();
            ask({ kind: 'publish' });
          }}
        >
          <p>Publishing turns the drafts (rules, catalog and settings) into a new version; widgets pick it up on their next config check.</p>
          <TextField label="Note (optional)" value={note} onValue={setNote} hint="What changed, for the audit log." />
          <Button type="submit" variant="primary">
            Publish drafts
          </Button>
        </form>
      ) : null}
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
                    <th scope="col">ETag</th>
                    {canPublish ? <th scope="col">Actions</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {[...list].sort((a, b) => b.version - a.version).map((v, i) => (
                    <tr key={v.version}>
                      <td>
                        {v.version} {i === 0 ? <span class="badge">live</span> : null}
                      </td>
                      <td>{formatTime(v.publishedAt)}</td>
                      <td>
                        <code>{v.etag}</code>
                      </td>
                      {canPublish ? (
                        <td>{i === 0 ? null : <Button small onClick={() => ask({ kind: 'rollback', version: v })}>{`Roll back to ${v.version}`}</Button>}</td>
                      ) : null}
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
        title={pending?.kind === 'rollback' ? `Roll back to version ${pending.version.version}?` : `Publish the drafts of ${envName}?`}
        confirmLabel={pending?.kind === 'rollback' ? 'Roll back' : 'Publish'}
        busy={busy}
        error={error}
        onCancel={() => setPending(null)}
        onConfirm={confirm}
      >
        <p>
          {pending?.kind === 'rollback'
            ? `Version ${pending.version.version}'s rules, catalog and settings are published again as a new version. Your drafts stay as they are.`
            : 'Your customers start seeing these rules as soon as their widget next checks for a new config.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}
