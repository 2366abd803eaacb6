import { useId } from 'preact/hooks';
import { ListInput } from './ListInput';
import { editLeaf, type LeafNode } from './tree';
import { TypeSelect } from './TypeSelect';
import { shapeOf, valueProblem, type ScalarType } from './values';

interface Props {
  row: string;
  leaf: LeafNode;
  onLeaf: (leaf: LeafNode) => void;
  /** The server's error for `value`, and for list item i (`value.i`). */
  error: string | undefined;
  itemError: (i: number) => string | undefined;
}

const HINTS: Partial<Record<ReturnType<typeof shapeOf>, string>> = {
  time: 'A date such as 2026-01-31, or a time relative to now: -90d is 90 days ago, +2w in two weeks, -12h twelve hours ago.',
  semver: 'A version such as 2.4.0 or v2.',
  pattern: 'A regular expression in JavaScript syntax, such as ^/reports/.',
};

/** The value input an operator needs: typed scalar, number, text, pattern, version, time, list, or set/not set. */
export function ValueInput({ row, leaf, onLeaf, error, itemError }: Props) {
  const id = useId();
  const shape = shapeOf(leaf.op);
  if (shape === 'list') return <ListInput row={row} items={leaf.items} errors={itemError} onItems={(items) => onLeaf(editLeaf(leaf, { items }))} />;
  if (shape === 'exists') {
    return (
      <span class="field cond-value">
        <label for={id}>Value</label>
        <select id={id} value={leaf.value === false ? 'unset' : 'set'} onChange={(e) => onLeaf(editLeaf(leaf, { exists: e.currentTarget.value === 'unset' ? false : undefined }))}>
          <option value="set">is set</option>
          <option value="unset">is not set</option>
        </select>
      </span>
    );
  }
  const problem = error ?? valueProblem(shape, leaf.text, leaf.type) ?? undefined;
  const hint = HINTS[shape];
  const describedBy = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const setType = (type: ScalarType) => onLeaf(editLeaf(leaf, { type, text: type === 'boolean' ? (leaf.text === 'false' ? 'false' : 'true') : leaf.text }));
  const input =
    shape === 'scalar' && leaf.type === 'null' ? null : shape === 'scalar' && leaf.type === 'boolean' ? (
      <select id={id} value={leaf.text} aria-describedby={describedBy} onChange={(e) => onLeaf(editLeaf(leaf, { text: e.currentTarget.value }))}>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    ) : (
      <input
        id={id}
        value={leaf.text}
        spellcheck={false}
        autoComplete="off"
        inputMode={shape === 'number' || (shape === 'scalar' && leaf.type === 'number') ? 'decimal' : 'text'}
        placeholder={shape === 'time' ? '-90d' : shape === 'semver' ? '2.4.0' : undefined}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy}
        onInput={(e) => onLeaf(editLeaf(leaf, { text: e.currentTarget.value }))}
      />
    );
  return (
    <span class="field cond-value">
      {shape === 'scalar' ? <TypeSelect value={leaf.type} onValue={setType} /> : null}
      {input ? <label for={id}>Value</label> : null}
      {hint ? (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {input}
      {problem ? (
        <span class="error" id={`${id}-error`}>
          {problem}
        </span>
      ) : null}
    </span>
  );
}
