import { useState } from 'preact/hooks';
import { Select, TextField } from '../../../ui';
import { catalogOptions, child, text, withKey, type SectionProps } from './draft';
import { NumberField } from './fields';
import { TierEditor } from './ladder';
import { switchTrigger, TRIGGER_TYPES } from './switch-trigger';

/** A metric from the catalog (or typed, with no catalog yet). */
function MetricField({ rule, onChange, errors, catalog }: SectionProps) {
  const trigger = child(rule, 'trigger');
  const set = (v: string) => onChange(withKey(rule, 'trigger', withKey(trigger, 'metric', v)));
  return catalog ? (
    <Select label="Metric" value={text(trigger.metric)} error={errors['trigger.metric']} options={catalogOptions(catalog.metrics, trigger.metric, 'Choose a metric…')} onValue={set} />
  ) : (
    <TextField label="Metric" value={text(trigger.metric)} error={errors['trigger.metric']} hint="The metric's id; the catalog has none yet." onValue={set} />
  );
}

/** The fields of one trigger type. */
function TypeFields(props: SectionProps) {
  const { rule, onChange, errors, catalog } = props;
  const trigger = child(rule, 'trigger');
  const set = (k: string) => (v: unknown) => onChange(withKey(rule, 'trigger', withKey(trigger, k, v)));
  const e = (k: string) => errors[`trigger.${k}`];
  switch (trigger.type) {
    case 'usage':
      return (
        <>
          <MetricField {...props} />
          <NumberField label="Hysteresis (%)" value={trigger.hysteresis} error={e('hysteresis')} placeholder="5" hint="Default 5: how far usage may fall back below a threshold before that tier stops holding, so readings hovering at 85 % do not flap." onValue={set('hysteresis')} />
          <TierEditor {...props} />
        </>
      );
    case 'feature':
      return (
        <>
          {catalog ? (
            <Select label="Feature" value={text(trigger.feature)} error={e('feature')} options={catalogOptions(catalog.features, trigger.feature, 'Choose a feature…')} onValue={set('feature')} />
          ) : (
            <TextField label="Feature" value={text(trigger.feature)} error={e('feature')} onValue={set('feature')} />
          )}
          <NumberField label="Open within (minutes)" value={trigger.withinMinutes} error={e('withinMinutes')} placeholder="30" hint="Default 30: how long after the click the prompt may still open." onValue={set('withinMinutes')} />
        </>
      );
    case 'event':
      return (
        <>
          <TextField label="Event name" value={text(trigger.event)} error={e('event')} hint="As your app sends it with Upshift.track, e.g. report_exported." onValue={set('event')} />
          <NumberField label="At least (times)" value={trigger.count} error={e('count')} onValue={set('count')} />
          <NumberField label="Within (days)" value={trigger.withinDays} error={e('withinDays')} hint="1 to 90, counted per person." onValue={set('withinDays')} />
        </>
      );
    case 'milestone':
      return (
        <>
          <TextField label="Attribute" value={text(trigger.attr)} error={e('attr')} hint="A number about the account, e.g. usage.seats or account.ageDays. Celebrated once." onValue={set('attr')} />
          <NumberField label="Reaches" value={trigger.at} error={e('at')} onValue={set('at')} />
        </>
      );
    case 'forecast':
      return (
        <>
          <MetricField {...props} />
          <NumberField label="Reaches its limit within (days)" value={trigger.withinDays} error={e('withinDays')} hint="1 to 365, by the confident forecast of the account's usage." onValue={set('withinDays')} />
        </>
      );
    default:
      return null;
  }
}

/** The trigger: a type picker and that type's form; switching says what was kept and what went. */
export function TriggerSection(props: SectionProps) {
  const { rule, onChange, errors } = props;
  const [switched, setSwitched] = useState<string | null>(null);
  const type = text(child(rule, 'trigger').type);
  const pick = (next: string) => {
    const result = switchTrigger(rule, next);
    const parts = [result.kept.length ? `Kept ${result.kept.join(', ')}.` : '', result.dropped.length ? `Removed ${result.dropped.join(', ')}.` : ''].filter(Boolean);
    setSwitched(parts.length ? parts.join(' ') : null);
    onChange(result.rule);
  };
  return (
    <>
      <Select label="Trigger type" value={type} error={errors['trigger.type']} options={TRIGGER_TYPES.some((t) => t.value === type) ? TRIGGER_TYPES : [{ value: type, label: 'Choose…' }, ...TRIGGER_TYPES]} onValue={pick} />
      {switched ? (
        <p class="notice" role="status">
          {switched}
        </p>
      ) : null}
      <TypeFields {...props} />
    </>
  );
}
