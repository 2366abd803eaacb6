import type { EnvironmentView, User } from '../../../../shared/schemas/admin';
import { AUDIT_KINDS, NO_FILTERS, type AuditFilters } from '../../model/audit';
import { Button, Select, TextField } from '../../ui';

interface Props {
  value: AuditFilters;
  people: User[];
  envs: EnvironmentView[];
  onChange: (next: AuditFilters) => void;
  onApply: (filters: AuditFilters) => void;
}

/** Person, kind, environment and time range; applied with the button (or Enter), so typing a date does not reload on every key. */
export function AuditFilterForm({ value, people, envs, onChange, onApply }: Props) {
  const set = (key: keyof AuditFilters) => (v: string) => onChange({ ...value, [key]: v });
  return (
    <form
      class="card"
      aria-label="Filter the audit log"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(value);
      }}
    >
      <div class="row">
        <Select label="Person" value={value.actor} onValue={set('actor')} options={[{ value: '', label: 'Anyone' }, ...people.map((p) => ({ value: p.id, label: p.name ? `${p.name} (${p.email})` : p.email }))]} />
        <Select label="Kind" value={value.kind} onValue={set('kind')} options={[{ value: '', label: 'Any kind' }, ...AUDIT_KINDS.map((k) => ({ value: k, label: k }))]} />
        <Select label="Environment" value={value.environment} onValue={set('environment')} options={[{ value: '', label: 'Any environment' }, ...envs.map((e) => ({ value: e.id, label: e.name }))]} />
        <TextField label="From" type="datetime-local" value={value.from} onValue={set('from')} />
        <TextField label="To" type="datetime-local" value={value.to} onValue={set('to')} />
      </div>
      <div class="row">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <Button
          onClick={() => {
            onChange(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          Clear filters
        </Button>
      </div>
    </form>
  );
}
