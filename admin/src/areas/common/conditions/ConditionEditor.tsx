import type { JSX } from 'preact';
import { useId, useRef, useState } from 'preact/hooks';
import type { Condition } from '../../../../../shared/schemas/condition';
import { Button } from '../../../ui';
import type { AttributeOption } from './attributes';
import { shownPaths, type EditorContext } from './context';
import { NodeView } from './NodeView';
import { newGroup, newLeaf, toCondition, toTree, update, type Node } from './tree';
import './conditions.css';

export interface ConditionEditorProps {
  /** What the condition is, for every label: "Audience", "Segment". */
  label: string;
  value: Condition | undefined;
  onChange: (next: Condition | undefined) => void;
  attributes: readonly AttributeOption[];
  /** Server field errors by dotted path relative to this condition: '' for the root, 'all.1.value'. */
  errors?: Readonly<Record<string, string>>;
}

const key = (c: Condition | undefined | null): string => JSON.stringify(c ?? null);

/**
 * Builds a condition the way the engine reads it: all/any groups, "none of these" groups, and rows
 * of attribute, operator and typed value, nested as deep as the engine allows. Rows are keyed by
 * their own ids, so two rows comparing the same attribute the same way never merge. A value fed in
 * and not edited comes back unchanged; a new `value` from outside (not the one this editor just
 * sent) replaces the rows.
 */
export function ConditionEditor({ label, value, onChange, attributes, errors = {} }: ConditionEditorProps): JSX.Element {
  const listId = useId();
  const tree = useRef<{ root: Node | null; key: string } | null>(null);
  const [, rerender] = useState(0);
  if (!tree.current || tree.current.key !== key(value)) tree.current = { root: value ? toTree(value) : null, key: key(value) };
  const root = tree.current.root;

  const commit = (next: Node | null) => {
    const condition = next ? toCondition(next) : undefined;
    tree.current = { root: next, key: key(condition) };
    rerender((n) => n + 1);
    onChange(condition);
  };
  const ctx: EditorContext = {
    label,
    attributes,
    errors,
    listId,
    edit: (id, f) => {
      const current = tree.current?.root;
      if (current) commit(update(current, id, f));
    },
  };
  const shown = new Set(root ? shownPaths(root) : ['']);
  const stray = Object.entries(errors).filter(([path]) => !shown.has(path));

  return (
    <div class="cond-editor">
      <datalist id={listId}>
        {attributes.map((a) => (
          <option key={a.attr} value={a.attr}>
            {a.label}
          </option>
        ))}
      </datalist>
      {stray.length ? (
        <ul class="error issues">
          {stray.map(([path, message]) => (
            <li key={path}>{path ? `${path}: ${message}` : message}</li>
          ))}
        </ul>
      ) : null}
      {!root ? (
        <fieldset class="cond-group">
          <legend>{label}</legend>
          {errors[''] ? <p class="error">{errors['']}</p> : null}
          <p class="muted">No conditions: everyone matches.</p>
          <Button small aria-label={`Add condition to ${label}`} onClick={() => commit(newGroup('all', [newLeaf()]))}>
            Add condition
          </Button>
        </fieldset>
      ) : root.kind === 'leaf' || root.kind === 'not' ? (
        <fieldset class="cond-group">
          <legend>{label}</legend>
          <NodeView
            ctx={ctx}
            node={root}
            number="1"
            path=""
            depth={1}
            controls={
              <Button small variant="danger" aria-label={`Remove ${root.kind === 'leaf' ? 'condition' : 'group'} 1 of ${label}`} onClick={() => commit(null)}>
                Remove
              </Button>
            }
          />
          <Button small aria-label={`Add condition to ${label}`} onClick={() => commit(newGroup('all', [root, newLeaf()]))}>
            Add condition
          </Button>
        </fieldset>
      ) : (
        <NodeView ctx={ctx} node={root} number="" path="" depth={1} />
      )}
    </div>
  );
}
