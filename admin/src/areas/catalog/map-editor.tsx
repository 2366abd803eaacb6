import { useMemo, useRef, useState } from 'preact/hooks';
import type { Catalog } from '../../../../shared/schemas/catalog';
import { ApiFailure } from '../../api';
import { saveCatalog } from '../../model/catalog';
import { Button, issueLine, JsonEditor, parseJson, TextField, toast, useUnsavedChanges, type Warning } from '../../ui';
import { Tabs } from '../common/Tabs';
import { catalogProblems } from './checks';
import { createDraft, setOptional } from './draft';
import { FeaturesPart } from './features';
import type { PartProps } from './fields';
import { MetricsPart } from './metrics';
import { NextStepsPart } from './next-steps';
import { OffersPart } from './offers';
import { RuleWarnings, WARNING_PART } from './rule-warnings';
import '../common/areas.css';
import './map.css';

interface Props {
  envId: string;
  initial: Catalog;
}

/** Whether parsed JSON has the lists the form edits; anything else is left to the JSON view and the server's answer. */
const formable = (v: unknown): v is Catalog => {
  const c = v as Record<string, unknown> | null;
  const objects = (x: unknown) => Array.isArray(x) && x.every((o) => typeof o === 'object' && o !== null && !Array.isArray(o));
  return typeof c === 'object' && c !== null && ['metrics', 'features', 'plans', 'nextSteps'].every((k) => objects(c[k])) && (c.addons === undefined || objects(c.addons));
};

/**
 * The map: the draft catalog as forms (metrics, features, plans, add-ons, next steps with their
 * segments, the sales link), checked as it is typed, with a JSON view that edits the very same
 * document. Saving sends the whole catalog; the server's field errors show at their fields and its
 * warnings name the draft rules the change breaks.
 */
export function MapEditor({ envId, initial }: Props) {
  const [draft] = useState(() => createDraft(initial));
  const version = draft.version.value;
  const [saved, setSaved] = useState(() => JSON.stringify(initial));
  const [server, setServer] = useState<{ version: number; fields: Record<string, string> }>({ version: -1, fields: {} });
  const [failure, setFailure] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<Warning[]>([]);
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const [text, setText] = useState('');
  const [jsonIssues, setJsonIssues] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const local = useMemo(() => catalogProblems(draft.catalog), [version]);
  // The server's answer holds until the next edit, which may have fixed it.
  const fields = server.version === version ? server.fields : {};
  const parts: PartProps = {
    draft,
    err: (path) => fields[path.join('.')] ?? local[path.join('.')],
    under: (path) => {
      const prefix = path.join('.');
      return Object.fromEntries(Object.entries(fields).flatMap(([k, m]) => (k === prefix ? [['', m]] : k.startsWith(`${prefix}.`) ? [[k.slice(prefix.length + 1), m]] : [])));
    },
  };
  const dirty = tab === 'json' ? text !== JSON.stringify(draft.catalog, null, 2) || JSON.stringify(draft.catalog) !== saved : JSON.stringify(draft.catalog) !== saved;
  useUnsavedChanges(dirty && !busy);

  const focusFirst = () => queueMicrotask(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"], .form-error')?.focus());

  /** The JSON view's text into the draft; false (with the reason at the editor) when it cannot be. */
  const takeJson = (): boolean => {
    const parsed = parseJson(text);
    if (!parsed.ok) return setJsonIssues([parsed.message]), false;
    if (!formable(parsed.value)) return setJsonIssues(['The form needs "metrics", "features", "plans" and "nextSteps" lists of objects (and "addons", if any). Fix the JSON, or save it to see the server’s issues.']), false;
    setJsonIssues([]);
    if (JSON.stringify(parsed.value) !== JSON.stringify(draft.catalog)) draft.replace(parsed.value);
    return true;
  };
  const select = (next: string) => {
    if (next === tab) return;
    if (next === 'json') {
      setText(JSON.stringify(draft.catalog, null, 2));
      setJsonIssues([]);
      setTab('json');
    } else if (takeJson()) setTab('form');
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    let body: unknown = draft.catalog;
    if (tab === 'json') {
      const parsed = parseJson(text);
      if (!parsed.ok) return setJsonIssues([parsed.message]);
      body = parsed.value;
      if (formable(parsed.value) && JSON.stringify(parsed.value) !== JSON.stringify(draft.catalog)) draft.replace(parsed.value);
    }
    const problems = formable(body) ? catalogProblems(body) : {};
    const count = Object.keys(problems).length;
    if (count) {
      setFailure(`Nothing was saved: ${count === 1 ? 'one field needs' : `${count} fields need`} fixing first.`);
      if (tab === 'json') setJsonIssues(Object.entries(problems).map(([p, m]) => issueLine(p, m)));
      return focusFirst();
    }
    setBusy(true);
    try {
      const answer = await saveCatalog(envId, body);
      setSaved(JSON.stringify(body));
      setWarnings(answer);
      setJsonIssues([]);
      if (tab === 'json') setText(JSON.stringify(body, null, 2));
      toast('Catalog saved as a draft.');
    } catch (err) {
      const f = err instanceof ApiFailure ? err.fieldErrors : {};
      setServer({ version: draft.version.value, fields: f });
      setFailure(`Nothing was saved: ${err instanceof Error ? err.message : String(err)}`);
      setJsonIssues(Object.entries(f).map(([p, m]) => issueLine(p, m)));
      focusFirst();
    } finally {
      setBusy(false);
    }
  };

  const c = draft.catalog;
  /** The warnings about one part of the map, shown beside it. */
  const near = (part: string) => warnings.filter((w) => WARNING_PART[w.code] === part);
  return (
    <form ref={form} onSubmit={save} noValidate aria-label="The map: your catalog" class="map-editor">
      {failure ? (
        <p class="notice error form-error" role="alert" tabIndex={-1}>
          {failure}
        </p>
      ) : null}
      <RuleWarnings warnings={warnings.filter((w) => !WARNING_PART[w.code])} envId={envId} />
      <Tabs
        label="Edit the catalog as"
        selected={tab}
        onSelect={select}
        tabs={[
          {
            id: 'form',
            label: 'Form',
            render: () => (
              <div class="stack">
                <RuleWarnings warnings={near('metrics')} envId={envId} what="a metric" />
                <MetricsPart {...parts} />
                <RuleWarnings warnings={near('features')} envId={envId} what="a feature" />
                <FeaturesPart {...parts} />
                <RuleWarnings warnings={near('plans')} envId={envId} what="a plan" />
                <OffersPart {...parts} kind="plans" />
                <RuleWarnings warnings={near('addons')} envId={envId} what="an add-on" />
                <OffersPart {...parts} kind="addons" />
                <NextStepsPart {...parts} />
                <section class="map-part" aria-labelledby="map-sales">
                  <h2 id="map-sales">Contact sales</h2>
                  <TextField label="Sales URL" hint="Where contact-sales offers lead." value={c.salesUrl ?? ''} error={parts.err(['salesUrl'])} autoComplete="off" onValue={(v) => draft.edit(() => setOptional(c, 'salesUrl', v.trim()))} />
                </section>
              </div>
            ),
          },
          {
            id: 'json',
            label: 'JSON',
            render: () => <JsonEditor label="Catalog JSON" value={text} onValue={setText} issues={jsonIssues} hint="The same catalog as the form, for power users. Switching back to the form takes these edits along." />,
          },
        ]}
      />
      <div class="row map-actions">
        <Button type="submit" variant="primary" busy={busy} busyLabel="Saving…">
          Save draft catalog
        </Button>
        <span class="muted">{dirty ? 'Unsaved changes.' : 'All changes saved as a draft; publish from Rules.'}</span>
      </div>
    </form>
  );
}
