import type { Rule } from '../../../../shared/schemas/rule';
import { Button } from '../../ui';

interface Props {
  rules: Partial<Rule>[];
  canEdit: boolean;
  onOpen: (rule: Partial<Rule>) => void;
}

const cell = (v: unknown) => (v === undefined || v === null || v === '' ? <span class="muted">—</span> : String(v));

/** The draft rules, highest priority first (the order in which interruptive surfaces win). */
export function RulesTable({ rules, canEdit, onOpen }: Props) {
  const sorted = [...rules].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || String(a.id).localeCompare(String(b.id)));
  return (
    <div class="table-wrap">
      <table class="table">
        <caption>Draft rules</caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Priority</th>
            <th scope="col">Surface</th>
            <th scope="col">Trigger</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r, i) => (
            <tr key={r.id ?? i}>
              <td>
                <code>{cell(r.id)}</code>
              </td>
              <td>{cell(r.name)}</td>
              <td>{r.status ? <span class="badge">{r.status}</span> : cell(undefined)}</td>
              <td>{cell(r.priority)}</td>
              <td>{cell(r.surface)}</td>
              <td>{cell(r.trigger?.type)}</td>
              <td>
                <Button small onClick={() => onOpen(r)} aria-label={`${canEdit ? 'Edit' : 'View'} rule ${r.id ?? ''}`}>
                  {canEdit ? 'Edit' : 'View'}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
