import { Button, Select } from '../../../ui';
import { FIELD_LABELS, FIELDS, type Field } from './places';
import type { Variable } from './variables';

interface Props {
  variables: readonly Variable[];
  /** Who the values are for, e.g. `acct_42 (pro)` or "a sample account". */
  account: string;
  target: Field;
  onTarget: (field: Field) => void;
  onInsert: (token: string) => void;
  disabled: boolean;
}

/** The template variables this rule's copy can name, with their values for the previewed account; Insert puts one at the cursor of the chosen field. */
export function VariablePicker({ variables, account, target, onTarget, onInsert, disabled }: Props) {
  return (
    <div class="content-variables">
      <Select
        label="Insert variables into"
        value={target}
        options={FIELDS.map((f) => ({ value: f, label: FIELD_LABELS[f] }))}
        onValue={(v) => onTarget(v as Field)}
        disabled={disabled}
      />
      <table class="table">
        <caption>Template variables, with their values for {account}</caption>
        <thead>
          <tr>
            <th scope="col">Variable</th>
            <th scope="col">Value now</th>
            <th scope="col">
              <span class="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {variables.map((v) => (
            <tr key={v.name}>
              <th scope="row">
                <code>{v.token}</code>
              </th>
              <td>{v.value === '' ? <span class="hint">empty</span> : v.value}</td>
              <td>
                <Button small disabled={disabled} aria-label={`Insert ${v.token}`} onClick={() => onInsert(v.token)}>
                  Insert
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
