import { useState } from 'preact/hooks';
import { ApiFailure } from '../../api';
import { applyImport, exportUrl, previewImport, type ImportView } from '../../model/publishing';
import { Button, ConfirmDialog, issueLine, toast } from '../../ui';
import { ChangesList } from './changes-list';

type Problem = { message: string; issues: string[] };
type Checked = { name: string; file: unknown; view: ImportView };

/** A chosen file's text (FileReader: every browser has it, and so does the test DOM). */
const readText = (file: File): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(`${file.name} could not be read.`));
    reader.readAsText(file);
  });

const problemOf = (e: unknown): Problem => {
  if (!(e instanceof ApiFailure)) return { message: e instanceof Error ? e.message : String(e), issues: [] };
  const issues = (e.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
  return { message: e.message, issues: issues.map((i) => issueLine(i.path, i.message)) };
};

/**
 * Export the drafts as one JSON file, and import such a file (from another environment or
 * another Upshift server): checked and diffed first, then it replaces the drafts. Nothing is published.
 */
export function DraftsTransfer({ envId, envName, canEdit }: { envId: string; envName: string; canEdit: boolean }) {
  const [checked, setChecked] = useState<Checked | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);

  const choose = async (input: HTMLInputElement) => {
    const chosen = input.files?.[0];
    setChecked(null);
    setProblem(null);
    if (!chosen) return;
    setBusy(true);
    try {
      const text = await readText(chosen);
      let file: unknown;
      try {
        file = JSON.parse(text);
      } catch (e) {
        throw new Error(`${chosen.name} is not a JSON file (${e instanceof Error ? e.message : String(e)}).`);
      }
      setChecked({ name: chosen.name, file, view: await previewImport(envId, file) });
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
      input.value = '';
    }
  };
  const apply = async () => {
    if (!checked) return;
    setBusy(true);
    setApplyError(null);
    try {
      const view = await applyImport(envId, checked.file);
      toast(`Imported ${checked.name} into the drafts of ${envName} (${view.changes.total} change${view.changes.total === 1 ? '' : 's'}). Publish to make them live.`);
      setChecked(null);
      setConfirming(false);
    } catch (e) {
      setApplyError(problemOf(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="transfer-title" class="card stack">
      <h2 id="transfer-title">Export and import</h2>
      <p class="muted">The draft catalog, rules and settings as one JSON file, to keep or to bring into another environment or Upshift server. No keys or secrets are in it.</p>
      <p>
        <a class="btn" href={exportUrl(envId)} download>
          Export drafts
        </a>
      </p>
      {canEdit ? (
        <div class="field">
          <label for="import-file">Import drafts from a file</label>
          <span class="hint" id="import-file-hint">
            You see what changes before anything is replaced. Rules the file lacks are removed from the drafts.
          </span>
          <input id="import-file" type="file" accept=".json,application/json" aria-describedby="import-file-hint" disabled={busy} onChange={(e) => void choose(e.currentTarget)} />
        </div>
      ) : null}
      {busy && !confirming ? <p role="status">Checking the file…</p> : null}
      {problem ? (
        <div class="notice error" role="alert">
          <p>{problem.message}</p>
          {problem.issues.length ? (
            <ul>
              {problem.issues.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {checked ? (
        <div role="status" aria-label={`What importing ${checked.name} changes`}>
          <h3>{`Importing ${checked.name} into the drafts of ${envName}`}</h3>
          <ChangesList changes={checked.view.changes} empty="The file matches the drafts: nothing to import." removedNote="In the drafts but not in the file: removed by the import." />
          {checked.view.changes.total ? (
            <div class="row">
              <Button variant="primary" onClick={() => setConfirming(true)}>
                Replace the drafts
              </Button>
              <Button onClick={() => setChecked(null)}>Cancel import</Button>
            </div>
          ) : null}
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Replace the drafts of ${envName}?`}
        confirmLabel="Replace the drafts"
        danger
        busy={busy}
        error={applyError}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void apply()}
      >
        <p>The draft catalog, rules and settings become those of {checked?.name} ({checked?.view.changes.total} changes, as listed). Nothing is published until someone publishes.</p>
      </ConfirmDialog>
    </section>
  );
}
