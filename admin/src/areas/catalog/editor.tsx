import { useState } from 'preact/hooks';
import { ApiFailure } from '../../api';
import { saveCatalog } from '../../model/catalog';
import { Button, ConfirmDialog, issueLine, JsonEditor, parseJson, toast, useUnsavedChanges, type Warning } from '../../ui';

interface Props {
  envId: string;
  initial: unknown;
  onSaved: (warnings: Warning[]) => void;
  onClose: () => void;
}

/** The whole draft catalog as JSON (`PUT catalog`), with the server's issues listed by path. */
export function CatalogEditor({ envId, initial, onSaved, onClose }: Props) {
  const start = JSON.stringify(initial, null, 2);
  const [text, setText] = useState(start);
  const [issues, setIssues] = useState<string[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const dirty = text !== start;
  useUnsavedChanges(dirty && !busy);

  const save = async (e: Event) => {
    e.preventDefault();
    setIssues([]);
    setFailure(null);
    const parsed = parseJson(text);
    if (!parsed.ok) return setIssues([parsed.message]);
    setBusy(true);
    try {
      const warnings = await saveCatalog(envId, parsed.value);
      toast('Catalog saved as a draft.');
      onSaved(warnings);
    } catch (err) {
      if (err instanceof ApiFailure && Object.keys(err.fieldErrors).length) setIssues(Object.entries(err.fieldErrors).map(([p, m]) => issueLine(p, m)));
      setFailure(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="catalog-editor-title">
      <h2 id="catalog-editor-title">Edit the catalog</h2>
      <form onSubmit={save} noValidate aria-labelledby="catalog-editor-title">
        {failure ? (
          <p class="notice error" role="alert">
            {failure}
          </p>
        ) : null}
        <JsonEditor label="Catalog JSON" value={text} onValue={setText} issues={issues} hint="Metrics, features, plans, add-ons and next steps. Saved as a draft until someone publishes." />
        <div class="row">
          <Button type="submit" variant="primary" busy={busy} busyLabel="Saving…">
            Save draft catalog
          </Button>
          <Button onClick={() => (dirty ? setDiscarding(true) : onClose())}>Close editor</Button>
        </div>
      </form>
      <ConfirmDialog open={discarding} title="Discard your changes?" confirmLabel="Discard changes" cancelLabel="Keep editing" danger onCancel={() => setDiscarding(false)} onConfirm={onClose}>
        <p>The changes to the catalog have not been saved.</p>
      </ConfirmDialog>
    </section>
  );
}
