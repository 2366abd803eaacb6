import { Button, Select } from '../../ui';
import { Checkbox } from '../common/Checkbox';
import { attributesFor, ConditionEditor } from '../common/conditions';
import { keyOf } from './draft';
import type { PartProps } from './fields';

/** The natural next step from each plan, per segment: the first step whose segment matches wins; one without a segment is the fallback. */
export function NextStepsPart({ draft, err, under }: PartProps) {
  const c = draft.catalog;
  const attributes = attributesFor(c);
  const plans = c.plans.map((p) => ({ value: p.id, label: p.name ? `${p.name} (${p.id})` : p.id }));
  const targets = [...plans, ...(c.addons ?? []).map((a) => ({ value: a.id, label: a.name ? `Add-on: ${a.name} (${a.id})` : a.id }))];
  /** The options, with the current value kept (and named as unknown) when the catalog no longer has it. */
  const withCurrent = (options: { value: string; label: string }[], value: string) =>
    options.some((o) => o.value === value) ? options : [{ value, label: value ? `${value} (not in the catalog)` : 'Choose…' }, ...options];
  return (
    <section class="map-part" aria-labelledby="map-next">
      <h2 id="map-next">Next steps</h2>
      <p class="muted">The natural upgrade from each plan. Steps with a segment are tried first, in order; the step without one is for everyone else.</p>
      {c.nextSteps.map((s, i) => {
        const name = `Next step ${i + 1}`;
        return (
          <fieldset key={keyOf(s)} class="map-item">
            <legend>{name}</legend>
            <div class="map-grid">
              <Select label="From plan" value={s.from} options={withCurrent(plans, s.from)} error={err(['nextSteps', i, 'from'])} onValue={(v) => draft.edit(() => (s.from = v))} />
              <Select label="To" value={s.to} options={withCurrent(targets, s.to)} error={err(['nextSteps', i, 'to'])} onValue={(v) => draft.edit(() => (s.to = v))} />
            </div>
            <Checkbox checked={s.segment !== undefined} onChecked={(on) => draft.edit(() => (on ? (s.segment = { all: [] }) : delete s.segment))} hint="Without a segment, this step is for everyone else on the plan.">
              {`Only for a segment (${name})`}
            </Checkbox>
            {s.segment !== undefined ? (
              <ConditionEditor
                label={`Segment of ${name.toLowerCase()}`}
                value={s.segment}
                attributes={attributes}
                errors={under(['nextSteps', i, 'segment'])}
                onChange={(next) =>
                  draft.edit(() => {
                    if (next) s.segment = next;
                    else s.segment = { all: [] };
                  })
                }
              />
            ) : null}
            <div class="row">
              <Button small disabled={i === 0} aria-label={`Move ${name.toLowerCase()} up`} onClick={() => draft.edit((cat) => cat.nextSteps.splice(i - 1, 0, ...cat.nextSteps.splice(i, 1)))}>
                Up
              </Button>
              <Button small variant="danger" aria-label={`Remove ${name.toLowerCase()}`} onClick={() => draft.edit((cat) => cat.nextSteps.splice(i, 1))}>
                Remove next step
              </Button>
            </div>
          </fieldset>
        );
      })}
      <Button onClick={() => draft.edit((cat) => cat.nextSteps.push({ from: cat.plans[0]?.id ?? '', to: cat.plans[1]?.id ?? cat.addons?.[0]?.id ?? '' }))}>Add a next step</Button>
    </section>
  );
}
