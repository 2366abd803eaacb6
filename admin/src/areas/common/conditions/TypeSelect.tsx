import { useId } from 'preact/hooks';
import type { ScalarType } from './values';

const TYPES: readonly [ScalarType, string][] = [
  ['string', 'Text'],
  ['number', 'Number'],
  ['boolean', 'True or false'],
  ['null', 'Empty (null)'],
];

/** Which JSON type a value is sent as: "5" and 5 are different values to the engine. */
export function TypeSelect({ value, onValue, disabled = false, allowNull = true }: { value: ScalarType; onValue: (t: ScalarType) => void; disabled?: boolean; allowNull?: boolean }) {
  const id = useId();
  return (
    <span class="cond-type">
      <label for={id}>Type</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onValue(e.currentTarget.value as ScalarType)}>
        {TYPES.filter(([t]) => allowNull || t !== 'null').map(([t, label]) => (
          <option key={t} value={t}>
            {label}
          </option>
        ))}
      </select>
    </span>
  );
}
