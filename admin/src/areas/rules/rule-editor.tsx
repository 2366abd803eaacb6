import { useState } from 'preact/hooks';
import { ApiFailure } from '../../api';
import { deleteRule, saveRule } from '../../model/rules';
import { Button, ConfirmDialog, issueLine, JsonEditor, parseJson, toast, useUnsavedChanges, Warnings, type Warning } from '../../ui';
import { CustomerPreview, Reach } from './customer';

interface Props {
  envId: string;
  /** The draft's id, or null for a new rule. */
  id: string | null;
  initial: unknown;
  /** Ids already taken, so a new rule does not silently replace one. */
  taken: readonly string[];
  onClose: () => void;
}

/** Edits one draft as JSON: the server validates it, answers issues by path, and lints what it saved. */
export function RuleEditor({ envId, id, initial, taken, onClose }: Props) {
  const start = JSON.stringify(initial, null, 2);
  const [text, setText] = useState(start);
  const [saved, setSaved] = useState(start);
  const [issues, setIssues] = useState<string[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<Warning[]>([]);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [savedId, setSavedId] = useState(id);
  const [discarding, setDiscarding] = useState(false);
  const dirty = text !== saved;
  useUnsavedChanges(dirty);
  // The panels judge the rule as it stands in the editor, saved or not; JSON that does not parse is no rule yet.
  const typed = parseJson(text);
  const current = typed.ok ? typed.value : undefined;

  const save = async (e: Event) => {
    e.preventDefault();
    setIssues([]);
    setFailure(null);
    setWarnings([]);
    const parsed = parseJson(text);
    if (!parsed.ok) return setIssues([parsed.message]);
    const bodyId = (parsed.value as { id?: unknown } | null)?.id;
    if (typeof bodyId !== 'string' || !bodyId) return setIssues([issueLine('id', 'is required: every rule has an id')]);
    if (savedId === null && taken.includes(bodyId)) return setIssues([issueLine('id', `a draft rule "${bodyId}" already exists; edit that one or pick another id`)]);
    setBusy(true);
    try {
      // An existing rule is saved under its own id; changing the id in the JSON is reported by the server.
      setWarnings(await saveRule(envId, savedId ?? bodyId, parsed.value));
      setSaved(text);
      setSavedId(savedId ?? bodyId);
      toast(`Rule "${savedId ?? bodyId}" saved as a draft.`);
    } catch (err) {
      if (err instanceof ApiFailure && Object.keys(err.fieldErrors).length) setIssues(Object.entries(err.fieldErrors).map(([p, m]) => issueLine(p, m)));
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (savedId === null) return;
    setBusy(true);
    try {
      await deleteRule(envId, savedId);
      toast(`Rule "${savedId}" deleted.`);
      setSaved(text);
      onClose();
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
      setDeleting(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="rule-editor-title">
      <h2 id="rule-editor-title">{savedId === null ? 'New rule' : `Edit rule ${savedId}`}</h2>
      <form onSubmit={save} noValidate aria-labelledby="rule-editor-title">
        {failure ? (
          <p class="notice error" role="alert">
            {failure}
          </p>
        ) : null}
        <JsonEditor label="Rule JSON" value={text} onValue={setText} issues={issues} hint="Saved as a draft; nothing reaches your customers until someone publishes." />
        <Warnings warnings={warnings} />
        <div class="row">
          <Button type="submit" variant="primary" busy={busy} busyLabel="Saving…">
            Save draft
          </Button>
          <Button onClick={() => (dirty ? setDiscarding(true) : onClose())}>Close editor</Button>
          {savedId !== null ? (
            <Button variant="danger" onClick={() => setDeleting(true)}>
              Delete rule
            </Button>
          ) : null}
        </div>
      </form>
      <CustomerPreview envId={envId} rule={current} />
      <Reach envId={envId} rule={current} />
      <ConfirmDialog open={discarding} title="Discard your changes?" confirmLabel="Discard changes" cancelLabel="Keep editing" danger onCancel={() => setDiscarding(false)} onConfirm={onClose}>
        <p>The changes to this rule have not been saved.</p>
      </ConfirmDialog>
      <ConfirmDialog open={deleting} title={`Delete rule ${savedId ?? ''}?`} confirmLabel="Delete" danger busy={busy} onCancel={() => setDeleting(false)} onConfirm={remove}>
        <p>The draft is deleted. A published version that has it keeps showing it until the next publish.</p>
      </ConfirmDialog>
    </section>
  );
}
