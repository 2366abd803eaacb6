import type { AttributeOption } from './attributes';
import { isGroup, type Node } from './tree';

/** What every part of one condition editor shares. */
export interface EditorContext {
  /** The editor's name ("Audience"), which every row and group label ends with. */
  label: string;
  attributes: readonly AttributeOption[];
  /** Server errors by dotted path relative to the condition. */
  errors: Readonly<Record<string, string>>;
  /** The id of the datalist of known attributes. */
  listId: string;
  /** Replaces the node of this id with `f(node)`, or removes it when `f` answers null. */
  edit: (id: number, f: (n: Node) => Node | null) => void;
}

/** The engine's depth limit (`MAX_DEPTH` in shared/schemas/condition.ts): the root is level 1. */
export const MAX_DEPTH = 8;
/** At most this many conditions in one group (the schema's `.max(50)`). */
export const MAX_CHILDREN = 50;

/** A dotted error path: `join('all.1', 'value')` → `all.1.value`, `join('', 'attr')` → `attr`. */
export const join = (...parts: (string | number)[]): string => parts.filter((p) => p !== '').join('.');

/** Every path the editor shows errors at, so the rest can be listed at the top instead of lost. */
export function shownPaths(n: Node, path = ''): string[] {
  if (isGroup(n)) return [path, join(path, n.kind), ...n.children.flatMap((c, i) => shownPaths(c, join(path, n.kind, i)))];
  if (n.kind === 'not') return [path, ...shownPaths(n.child, join(path, 'not'))];
  return [path, join(path, 'attr'), join(path, 'op'), join(path, 'value'), ...n.items.map((_, i) => join(path, 'value', i))];
}
