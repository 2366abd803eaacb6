import { Select, TextField } from '../../../ui';
import { text, withKey, type SectionProps } from './draft';
import { NumberField } from './fields';

const STATUSES = [
  { value: 'draft', label: 'Draft: not shown, even once published' },
  { value: 'live', label: 'Live: shown once published' },
  { value: 'paused', label: 'Paused: kept, not shown' },
  { value: 'archived', label: 'Archived: retired' },
];

/** Id (new rules only), name, priority and status. */
export function Basics({ rule, onChange, errors, isNew }: SectionProps & { isNew: boolean }) {
  const status = text(rule.status);
  return (
    <>
      {isNew ? (
        <TextField
          label="Id"
          value={text(rule.id)}
          error={errors.id}
          hint="Lowercase letters, digits, - and _. Events and analytics name the rule by it, so it cannot change later."
          onValue={(v) => onChange(withKey(rule, 'id', v))}
        />
      ) : null}
      <TextField label="Name" value={text(rule.name)} error={errors.name} hint="For your team; customers never see it." onValue={(v) => onChange(withKey(rule, 'name', v))} />
      <NumberField
        label="Priority"
        value={rule.priority}
        error={errors.priority}
        hint="0 to 1000. When several rules want a banner, toast or modal at once, the highest priority shows."
        onValue={(v) => onChange(withKey(rule, 'priority', v))}
      />
      <Select
        label="Status"
        value={status}
        error={errors.status}
        options={STATUSES.some((s) => s.value === status) ? STATUSES : [{ value: status, label: 'Choose…' }, ...STATUSES]}
        hint="Saving keeps this rule as a draft: nothing reaches your customers until someone publishes. Then only live rules show."
        onValue={(v) => onChange(withKey(rule, 'status', v))}
      />
    </>
  );
}
