import type { Condition, Operator, Scalar } from '../../../../../shared/schemas/condition';
import { parseScalar, shapeOf, textOf, typeOf, type ScalarType } from './values';

/** One typed item of an `in`/`nin` list, keyed by its own id so equal items stay apart. */
export interface Item {
  id: number;
  text: string;
  type: ScalarType;
}

/**
 * A comparison as the editor holds it. Rows are keyed by `id`, never by attribute and operator, so
 * two rows that compare the same attribute the same way stay two rows through every edit.
 * `value` is exactly what is sent (a loaded value is kept as loaded until it is edited); `text`,
 * `type` and `items` are what the inputs show.
 */
export interface LeafNode {
  id: number;
  kind: 'leaf';
  attr: string;
  op: Operator;
  value: Scalar | Scalar[] | undefined;
  text: string;
  type: ScalarType;
  items: Item[];
}
export interface GroupNode {
  id: number;
  kind: 'all' | 'any';
  children: Node[];
}
export interface NotNode {
  id: number;
  kind: 'not';
  child: Node;
}
export type Node = LeafNode | GroupNode | NotNode;

export const isGroup = (n: Node): n is GroupNode => n.kind === 'all' || n.kind === 'any';

let nextId = 1;
const fresh = (): number => nextId++;

export function newLeaf(attr = '', op: Operator = 'eq', type: ScalarType = 'string'): LeafNode {
  const leaf: LeafNode = { id: fresh(), kind: 'leaf', attr, op, value: undefined, text: '', type, items: [] };
  return withOp(leaf, op);
}

export const newGroup = (kind: 'all' | 'any', children: Node[] = [newLeaf()]): GroupNode => ({ id: fresh(), kind, children });
export const newNot = (): NotNode => ({ id: fresh(), kind: 'not', child: newGroup('any') });

/** The editor's tree for a condition. */
export function toTree(c: Condition): Node {
  if ('all' in c) return { id: fresh(), kind: 'all', children: c.all.map(toTree) };
  if ('any' in c) return { id: fresh(), kind: 'any', children: c.any.map(toTree) };
  if ('not' in c) return { id: fresh(), kind: 'not', child: toTree(c.not) };
  const list = Array.isArray(c.value) ? c.value : [];
  const single = Array.isArray(c.value) ? undefined : c.value;
  return {
    id: fresh(),
    kind: 'leaf',
    attr: c.attr,
    op: c.op,
    value: c.value,
    text: c.op === 'exists' ? '' : textOf(single),
    type: single === undefined ? (list[0] === undefined ? 'string' : typeOf(list[0])) : typeOf(single),
    items: list.map((v) => ({ id: fresh(), text: textOf(v), type: typeOf(v) })),
  };
}

/** The engine's JSON for a tree: `{attr, op, value?}` leaves (no `value` key when there is none), groups and `not`. */
export function toCondition(n: Node): Condition {
  if (isGroup(n)) return n.kind === 'all' ? { all: n.children.map(toCondition) } : { any: n.children.map(toCondition) };
  if (n.kind === 'not') return { not: toCondition(n.child) };
  return n.value === undefined ? { attr: n.attr, op: n.op } : { attr: n.attr, op: n.op, value: n.value };
}

const listValue = (items: readonly Item[]): Scalar[] => items.map((i) => parseScalar(i.text, i.type));

/** The value a leaf's inputs stand for now. */
function valueOf(leaf: LeafNode): Scalar | Scalar[] | undefined {
  const shape = shapeOf(leaf.op);
  if (shape === 'list') return listValue(leaf.items);
  if (shape === 'exists') return leaf.value === false ? false : leaf.value === true ? true : undefined;
  if (shape === 'number') return parseScalar(leaf.text, 'number');
  if (shape === 'scalar') return parseScalar(leaf.text, leaf.type);
  return leaf.text;
}

/** A leaf with another operator; what was typed carries over where the new operator can use it. */
export function withOp(leaf: LeafNode, op: Operator): LeafNode {
  const shape = shapeOf(op);
  const was = shapeOf(leaf.op);
  let { items, text } = leaf;
  if (shape === 'list' && was !== 'list' && !items.length) items = text ? [{ id: fresh(), text, type: leaf.type }] : [{ id: fresh(), text: '', type: leaf.type }];
  if (shape !== 'list' && was === 'list' && !text) text = items[0]?.text ?? '';
  const next: LeafNode = { ...leaf, op, items, text, value: shape === 'exists' ? undefined : leaf.value };
  return { ...next, value: valueOf(next) };
}

/** A leaf with some of its inputs changed; `value` follows them. */
export function editLeaf(leaf: LeafNode, change: Partial<Pick<LeafNode, 'attr' | 'text' | 'type' | 'items'>> & { exists?: boolean | undefined }): LeafNode {
  const { exists, ...rest } = change;
  const next: LeafNode = { ...leaf, ...rest };
  if ('exists' in change) next.value = exists;
  return 'attr' in change && Object.keys(change).length === 1 ? next : { ...next, value: valueOf(next) };
}

export const newItem = (type: ScalarType): Item => ({ id: fresh(), text: '', type });

/** The tree with the node of this id replaced by `f(node)` (or removed, when `f` answers null). */
export function update(root: Node, id: number, f: (n: Node) => Node | null): Node | null {
  if (root.id === id) return f(root);
  if (root.kind === 'leaf') return root;
  if (root.kind === 'not') {
    const child = update(root.child, id, f);
    return child ? { ...root, child } : null;
  }
  const children = root.children.flatMap((c) => {
    const n = update(c, id, f);
    return n ? [n] : [];
  });
  return { ...root, children };
}

/** Moves a group's child one place up (-1) or down (+1). */
export function move(group: GroupNode, id: number, by: -1 | 1): GroupNode {
  const i = group.children.findIndex((c) => c.id === id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= group.children.length) return group;
  const children = [...group.children];
  [children[i], children[j]] = [children[j]!, children[i]!];
  return { ...group, children };
}
