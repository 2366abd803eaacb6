import { Button } from '../../../ui';
import { newItem, type Item } from './tree';
import { parseScalar, type ScalarType } from './values';
import { TypeSelect } from './TypeSelect';

interface Props {
  /** "Condition 2 of Audience": names the item inputs and buttons. */
  row: string;
  items: readonly Item[];
  onItems: (items: Item[]) => void;
  /** Server errors by item index. */
  errors: (i: number) => string | undefined;
  disabled?: boolean;
}

/** The values of `in`/`nin`, one input an item: a comma inside a value stays part of it. */
export function ListInput({ row, items, onItems, errors, disabled = false }: Props) {
  const type: ScalarType = items[0]?.type ?? 'string';
  const set = (id: number, change: Partial<Item>) => onItems(items.map((i) => (i.id === id ? { ...i, ...change } : i)));
  const setType = (t: ScalarType) => onItems(items.map((i) => ({ ...i, type: t, text: t === 'boolean' && i.text !== 'false' ? 'true' : i.text })));
  return (
    <div class="cond-list" role="group" aria-label={`Values of ${row}`}>
      <TypeSelect value={type} onValue={setType} disabled={disabled} allowNull={false} />
      <ol class="cond-items">
        {items.map((item, i) => {
          const local = item.type === 'number' && typeof parseScalar(item.text, 'number') !== 'number' ? 'Enter a number.' : undefined;
          const error = errors(i) ?? local;
          const id = `cond-item-${item.id}`;
          return (
            <li key={item.id} class="cond-item">
              <label for={id}>{`Value ${i + 1}`}</label>
              {item.type === 'boolean' ? (
                <select id={id} value={item.text} disabled={disabled} onChange={(e) => set(item.id, { text: e.currentTarget.value })}>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </select>
              ) : (
                <input id={id} value={item.text} disabled={disabled} inputMode={item.type === 'number' ? 'decimal' : 'text'} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onInput={(e) => set(item.id, { text: e.currentTarget.value })} />
              )}
              <Button small disabled={disabled} aria-label={`Remove value ${i + 1}${item.text ? ` (${item.text})` : ''} of ${row}`} onClick={() => onItems(items.filter((x) => x.id !== item.id))}>
                Remove
              </Button>
              {error ? (
                <span class="error" id={`${id}-error`}>
                  {error}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
      <Button small disabled={disabled || items.length >= 500} onClick={() => onItems([...items, newItem(type)])}>
        Add a value
      </Button>
    </div>
  );
}
