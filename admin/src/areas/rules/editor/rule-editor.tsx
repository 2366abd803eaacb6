import { useEffect, useRef, useState } from 'preact/hooks';
import '../../common/areas.css';
import './editor.css';
import { ApiFailure } from '../../../api';
import { catalog, loadCatalog } from '../../../model/catalog';
import { deleteRule, ruleExists, saveRule } from '../../../model/rules';
import { Button, ConfirmDialog, issueLine, JsonEditor, toast, useUnsavedChanges, type Warning } from '../../../ui';
import { Tabs } from '../../common/Tabs';
import { checkRule } from './checks';
import { text } from './draft';
import { FormSections } from './form-sections';
import { toFieldErrors, unplaced, warningsBySection, type Embedded } from './placement';
import { loadDraftSettings } from './settings';
import { useDraft } from './use-draft';
import { CustomerPreview, Reach } from '../customer';

interface Props {
  envId: string;
  /** The draft's id, or null for a new rule. */
  id: string | null;
  initial: unknown;
  /** Ids already taken, so a new rule does not silently replace one. */
  taken: readonly string[];
  /** A viewer sees the same form, read-only. */
  readOnly?: boolean;
  onClose: () => void;
}

const EMBEDDED: Embedded = { audience: true, content: true };
/** Checks shown while typing, before any save: a ladder's thresholds and a taken id. */
const LIVE = /^(trigger\.tiers\.\d+\.at|id)$/;

/** One rule as a form with a JSON tab over the same value; saving writes a draft, checked here and then by the server. */
export function RuleEditor({ envId, id, initial, taken, readOnly = false, onClose }: Props) {
  const draft = useDraft(initial);
  const { rule } = draft;
  const [tab, setTab] = useState('form');
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<Warning[]>([]);
  const [busy, setBusy] = useState(false);
  const [savedId, setSavedId] = useState(id);
  const [dialog, setDialog] = useState<'discard' | 'delete' | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useUnsavedChanges(!readOnly && draft.dirty);
  useEffect(() => void Promise.all([loadCatalog(envId), loadDraftSettings(envId)]), [envId]);

  const client = checkRule(rule, savedId === null ? taken : null);
  const live = Object.fromEntries(Object.entries(client).filter(([p, m]) => LIVE.test(p) && (p !== 'id' || m.startsWith('a draft rule'))));
  const errors = { ...toFieldErrors(server), ...(submitted ? client : live) };
  const stray = unplaced(errors, EMBEDDED);
  const topWarnings = warningsBySection(warnings).get(null) ?? [];

  const save = async (e: Event) => {
    e.preventDefault();
    setSubmitted(true);
    setFailure(null);
    setServer({});
    if (draft.jsonError) return setFailure('The JSON does not parse; fix it in the JSON tab. Nothing was saved.');
    if (Object.keys(client).length) {
      setFailure('Nothing was saved: fix the fields marked below.');
      queueMicrotask(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const ruleId = savedId ?? text(rule.id);
    setBusy(true);
    try {
      if (savedId === null && (await ruleExists(envId, ruleId))) {
        setServer({ id: `a draft rule "${ruleId}" already exists: edit that one or pick another id` });
        setFailure('Nothing was saved: fix the fields marked below.');
        return;
      }
      setWarnings(await saveRule(envId, ruleId, rule));
      draft.markSaved();
      setSavedId(ruleId);
      setSubmitted(false);
      toast(`Rule "${ruleId}" saved as a draft.`);
    } catch (err) {
      if (err instanceof ApiFailure) setServer(err.fieldErrors);
      setFailure(`Nothing was saved: ${err instanceof Error ? err.message : String(err)}`);
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
      draft.markSaved();
      onClose();
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
      setDialog(null);
    } finally {
      setBusy(false);
    }
  };

  const title = readOnly ? `Rule ${savedId ?? ''}` : savedId === null ? 'New rule' : `Edit rule ${savedId}`;
  const jsonIssues = [...(draft.jsonError ? [draft.jsonError] : []), ...Object.entries(errors).map(([p, m]) => issueLine(p, m))];
  const sections = { rule, onChange: draft.change, errors, catalog: catalog.data.value?.catalog ?? null, isNew: savedId === null, envId, warnings };
  return (
    <section class={readOnly ? 'card rule-editor readonly' : 'card rule-editor'} aria-labelledby="rule-editor-title">
      <h2 id="rule-editor-title">{title}</h2>
      <form ref={formRef} onSubmit={save} noValidate aria-labelledby="rule-editor-title">
        {failure || stray.length ? (
          <div class="notice error" role="alert">
            {failure ? <p>{failure}</p> : null}
            {stray.length ? (
              <ul>
                {stray.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {topWarnings.length ? (
          <div class="notice warn" role="status">
            <ul>
              {topWarnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <Tabs
          label="Edit as"
          selected={tab}
          onSelect={setTab}
          tabs={[
            {
              id: 'form',
              label: 'Form',
              render: () => (
                <fieldset class="editor-form" disabled={readOnly}>
                  <legend class="visually-hidden">The rule</legend>
                  <FormSections {...sections} />
                </fieldset>
              ),
            },
            {
              id: 'json',
              label: 'JSON',
              render: () => (
                <JsonEditor label="Rule JSON" value={draft.json} onValue={draft.typeJson} issues={jsonIssues} readOnly={readOnly} hint="The same rule as the form: a change here shows there once it is valid JSON." />
              ),
            },
          ]}
        />
        <div class="row">
          {readOnly ? null : (
            <Button type="submit" variant="primary" busy={busy} busyLabel="Saving…">
              Save draft
            </Button>
          )}
          <Button onClick={() => (!readOnly && draft.dirty ? setDialog('discard') : onClose())}>Close editor</Button>
          {!readOnly && savedId !== null ? (
            <Button variant="danger" onClick={() => setDialog('delete')}>
              Delete rule
            </Button>
          ) : null}
        </div>
      </form>
      {/* The rule as it stands in the form, saved or not, judged as if it were live. */}
      <CustomerPreview envId={envId} rule={rule} />
      <Reach envId={envId} rule={rule} />
      <ConfirmDialog open={dialog === 'discard'} title="Discard your changes?" confirmLabel="Discard changes" cancelLabel="Keep editing" danger onCancel={() => setDialog(null)} onConfirm={onClose}>
        <p>The changes to this rule have not been saved.</p>
      </ConfirmDialog>
      <ConfirmDialog open={dialog === 'delete'} title={`Delete rule ${savedId ?? ''}?`} confirmLabel="Delete" danger busy={busy} onCancel={() => setDialog(null)} onConfirm={remove}>
        <p>The draft is deleted. A published version that has it keeps showing it until the next publish.</p>
      </ConfirmDialog>
    </section>
  );
}
