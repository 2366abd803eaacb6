import { Button, Select, TextField } from '../../ui';
import { isFiltered, STATES, SURFACES, TRIGGERS, type ListQuery } from './list-query';

interface Props {
  value: ListQuery;
  onChange: (next: ListQuery) => void;
}

const EMPTY: ListQuery = { q: '', status: '', trigger: '', surface: '' };

/** Search by id or name, and filters by status, trigger and surface; each change applies at once. */
export function RulesFilters({ value, onChange }: Props) {
  const set = (key: keyof ListQuery) => (v: string) => onChange({ ...value, [key]: v });
  return (
    <form class="card" role="search" aria-label="Search and filter the rules" onSubmit={(e) => e.preventDefault()}>
      <div class="row">
        <TextField label="Search rules" type="search" hint="By id or name" value={value.q} onValue={set('q')} />
        <Select label="Filter by status" value={value.status} onValue={set('status')} options={[{ value: '', label: 'Any status' }, ...STATES]} />
        <Select label="Filter by trigger" value={value.trigger} onValue={set('trigger')} options={[{ value: '', label: 'Any trigger' }, ...TRIGGERS]} />
        <Select label="Filter by surface" value={value.surface} onValue={set('surface')} options={[{ value: '', label: 'Any surface' }, ...SURFACES]} />
        {isFiltered(value) ? <Button onClick={() => onChange(EMPTY)}>Clear filters</Button> : null}
      </div>
    </form>
  );
}
