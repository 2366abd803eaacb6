import { Button, TextArea, TextField } from '../../ui';
import { keyOf, newFeature, numberOrText, setOptional } from './draft';
import { LocalesEditor, NumberField, type PartProps } from './fields';

const label = (f: { id: string; name: string }, i: number) => `Feature ${i + 1}${f.name || f.id ? `: ${f.name || f.id}` : ''}`;

/** Features: what plans and add-ons include, explained in locked-feature panels, with a trial length. */
export function FeaturesPart({ draft, err }: PartProps) {
  const c = draft.catalog;
  return (
    <section class="map-part" aria-labelledby="map-features">
      <h2 id="map-features">Features</h2>
      <p class="muted">What plans and add-ons include. The description and a customer’s words explain a locked feature; the trial length is where a trial offer starts.</p>
      {c.features.map((f, i) => (
        <fieldset key={keyOf(f)} class="map-item">
          <legend>{label(f, i)}</legend>
          <div class="map-grid">
            <TextField
              label="Id"
              value={f.id}
              error={err(['features', i, 'id'])}
              autoComplete="off"
              onValue={(v) =>
                draft.edit((cat) => {
                  // Plans and add-ons keep including a renamed feature.
                  for (const o of [...cat.plans, ...(cat.addons ?? [])]) o.features = o.features.map((x) => (x === f.id ? v : x));
                  f.id = v;
                })
              }
            />
            <TextField label="Name" value={f.name} error={err(['features', i, 'name'])} onValue={(v) => draft.edit(() => (f.name = v))} />
            <NumberField label="Trial length (days)" value={f.trialDays} error={err(['features', i, 'trialDays'])} hint="1 to 90; empty for no default." onValue={(v) => draft.edit(() => setOptional(f, 'trialDays', v.trim() === '' ? undefined : (numberOrText(v) as number)))} />
          </div>
          <TextArea label="Description" rows={2} value={f.description ?? ''} error={err(['features', i, 'description'])} onValue={(v) => draft.edit(() => setOptional(f, 'description', v))} />
          <TextArea label="Customer quote" rows={2} value={f.quote ?? ''} error={err(['features', i, 'quote'])} onValue={(v) => draft.edit(() => setOptional(f, 'quote', v))} />
          <LocalesEditor
            draft={draft}
            err={err}
            owner={f as never}
            path={['features', i, 'locales']}
            name={f.name || `feature ${i + 1}`}
            fields={[
              { key: 'name', label: 'Name' },
              { key: 'description', label: 'Description', long: true },
              { key: 'quote', label: 'Customer quote', long: true },
            ]}
          />
          <Button small variant="danger" aria-label={`Remove ${label(f, i)}`} onClick={() => draft.edit((cat) => cat.features.splice(i, 1))}>
            Remove feature
          </Button>
        </fieldset>
      ))}
      <Button onClick={() => draft.edit((cat) => cat.features.push(newFeature()))}>Add a feature</Button>
    </section>
  );
}
