import { useId } from 'preact/hooks';
import type { Operator } from '../../../../../shared/schemas/condition';
import { attributeOf } from './attributes';
import { join, type EditorContext } from './context';
import { defaultOperator, OPERATOR_LABEL, operatorFits, operatorsFor } from './operators';
import { editLeaf, withOp, type LeafNode } from './tree';
import { ValueInput } from './ValueInput';
import { typeFor } from './values';

/**
 * A leaf naming another attribute. While nothing is typed in its value yet, the operator and value
 * type follow the attribute (a date gets "is after", a number "is at least"); a typed value is kept.
 */
function retarget(leaf: LeafNode, attr: string, ctx: EditorContext): LeafNode {
  const named = editLeaf(leaf, { attr });
  const kind = attributeOf(attr, ctx.attributes)?.kind;
  const blank = !leaf.text && leaf.items.every((i) => !i.text);
  if (!kind || kind === 'unknown' || !blank) return named;
  const op = operatorFits(kind, leaf.op) ? leaf.op : defaultOperator(kind);
  return withOp(editLeaf(named, { type: typeFor(kind) }), op);
}

interface Props {
  ctx: EditorContext;
  leaf: LeafNode;
  /** "Condition 2 of Audience". */
  name: string;
  path: string;
  /** Move up, move down and remove, from the group the row is in. */
  controls: preact.ComponentChildren;
}

/** One comparison: attribute (a known one from the list, or a custom trait typed in), operator, and a value input that fits them. */
export function LeafRow({ ctx, leaf, name, path, controls }: Props) {
  const id = useId();
  const set = (next: LeafNode) => ctx.edit(leaf.id, () => next);
  const option = leaf.attr ? attributeOf(leaf.attr, ctx.attributes) : null;
  const attrError =
    ctx.errors[join(path, 'attr')] ??
    (!leaf.attr ? undefined : option ? undefined : `Upshift does not know "${leaf.attr}". Choose an attribute from the list, or name a custom trait such as account.traits.industry.`);
  const opError = ctx.errors[join(path, 'op')];
  const rowError = ctx.errors[path];
  const ops = operatorsFor(option?.kind ?? 'unknown', leaf.op);
  return (
    <div class="cond-row" role="group" aria-label={name}>
      {rowError ? <p class="error">{rowError}</p> : null}
      <span class="field cond-attr">
        <label for={`${id}-attr`}>Attribute</label>
        <input
          id={`${id}-attr`}
          list={ctx.listId}
          value={leaf.attr}
          spellcheck={false}
          autoComplete="off"
          placeholder="account.plan"
          aria-invalid={attrError ? true : undefined}
          aria-describedby={attrError ? `${id}-attr-error` : undefined}
          onInput={(e) => set(retarget(leaf, e.currentTarget.value.trim(), ctx))}
        />
        {option && option.label !== option.attr ? <span class="hint">{option.label}</span> : null}
        {attrError ? (
          <span class="error" id={`${id}-attr-error`}>
            {attrError}
          </span>
        ) : null}
      </span>
      <span class="field cond-op">
        <label for={`${id}-op`}>Operator</label>
        <select id={`${id}-op`} value={leaf.op} aria-invalid={opError ? true : undefined} aria-describedby={opError ? `${id}-op-error` : undefined} onChange={(e) => set(withOp(leaf, e.currentTarget.value as Operator))}>
          {ops.map((op) => (
            <option key={op} value={op}>
              {OPERATOR_LABEL[op]}
            </option>
          ))}
        </select>
        {opError ? (
          <span class="error" id={`${id}-op-error`}>
            {opError}
          </span>
        ) : null}
      </span>
      <ValueInput row={name} leaf={leaf} onLeaf={set} error={ctx.errors[join(path, 'value')]} itemError={(i) => ctx.errors[join(path, 'value', i)]} />
      <span class="cond-controls">{controls}</span>
    </div>
  );
}
