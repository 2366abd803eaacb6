import { Button, TextField } from '../../ui';
import { keyOf, newMetric, renameKey, setOptional } from './draft';
import { LocalesEditor, type PartProps } from './fields';

const label = (m: { id: string; name: string }, i: number) => `Metric ${i + 1}${m.name || m.id ? `: ${m.name || m.id}` : ''}`;

/** Metrics: what plans limit and prompts count, with the unit the meter counts in and names per locale. */
export function MetricsPart({ draft, err }: PartProps) {
  const c = draft.catalog;
  return (
    <section class="map-part" aria-labelledby="map-metrics">
      <h2 id="map-metrics">Metrics</h2>
      <p class="muted">What plans limit and usage prompts count: API calls, seats, projects.</p>
      {c.metrics.map((m, i) => (
        <fieldset key={keyOf(m)} class="map-item">
          <legend>{label(m, i)}</legend>
          <div class="map-grid">
            <TextField
              label="Id"
              value={m.id}
              error={err(['metrics', i, 'id'])}
              hint="Used by rules and Upshift.identify({ usage })."
              autoComplete="off"
              onValue={(v) =>
                draft.edit((cat) => {
                  // Limits follow a renamed metric, so plans keep their numbers.
                  for (const o of [...cat.plans, ...(cat.addons ?? [])]) if (o.limits && Object.hasOwn(o.limits, m.id) && !Object.hasOwn(o.limits, v)) renameKey(o.limits, m.id, v);
                  m.id = v;
                })
              }
            />
            <TextField label="Name" value={m.name} error={err(['metrics', i, 'name'])} hint='Plural, as copy says it: "API calls".' onValue={(v) => draft.edit(() => (m.name = v))} />
            <TextField label="Unit" value={m.unit ?? ''} error={err(['metrics', i, 'unit'])} hint='What the meter counts in, if not the name: "4 of 5 seats".' onValue={(v) => draft.edit(() => setOptional(m, 'unit', v))} />
          </div>
          <LocalesEditor
            draft={draft}
            err={err}
            owner={m as never}
            path={['metrics', i, 'locales']}
            name={m.name || `metric ${i + 1}`}
            fields={[
              { key: 'name', label: 'Name' },
              { key: 'unit', label: 'Unit' },
            ]}
          />
          <Button small variant="danger" aria-label={`Remove ${label(m, i)}`} onClick={() => draft.edit((cat) => cat.metrics.splice(i, 1))}>
            Remove metric
          </Button>
        </fieldset>
      ))}
      <Button onClick={() => draft.edit((cat) => cat.metrics.push(newMetric()))}>Add a metric</Button>
    </section>
  );
}
