import type { ComponentChildren } from 'preact';
import { Button } from '../../../ui';
import { join, MAX_CHILDREN, MAX_DEPTH, type EditorContext } from './context';
import { LeafRow } from './LeafRow';
import { move, newGroup, newLeaf, newNot, type GroupNode, type Node, type NotNode } from './tree';

interface Props {
  ctx: EditorContext;
  node: Node;
  /** "2.1": where the node sits, for its label; '' for the root. */
  number: string;
  path: string;
  /** 1 for the root. */
  depth: number;
  controls?: ComponentChildren;
}

const nameOf = (kind: 'Condition' | 'Group', number: string, label: string) => (number ? `${kind} ${number} of ${label}` : label);

/** A condition of any shape: a row, an all/any group, or a "none of these" group. */
export function NodeView(props: Props) {
  const { node } = props;
  if (node.kind === 'leaf') return <LeafRow ctx={props.ctx} leaf={node} name={nameOf('Condition', props.number, props.ctx.label)} path={props.path} controls={props.controls} />;
  if (node.kind === 'not') return <NotView {...props} node={node} />;
  return <GroupView {...props} node={node} />;
}

function NotView({ ctx, node, number, path, depth, controls }: Props & { node: NotNode }) {
  const name = nameOf('Group', number, ctx.label);
  return (
    <fieldset class="cond-group cond-not">
      <legend>{`${name}: must not hold`}</legend>
      {ctx.errors[path] ? <p class="error">{ctx.errors[path]}</p> : null}
      <NodeView ctx={ctx} node={node.child} number={number ? `${number}.1` : '1'} path={join(path, 'not')} depth={depth + 1} />
      {controls ? <div class="cond-controls">{controls}</div> : null}
    </fieldset>
  );
}

function GroupView({ ctx, node, number, path, depth, controls }: Props & { node: GroupNode }) {
  const name = nameOf('Group', number, ctx.label);
  const set = (f: (g: GroupNode) => GroupNode) => ctx.edit(node.id, (n) => f(n as GroupNode));
  const add = (child: Node) => set((g) => ({ ...g, children: [...g.children, child] }));
  const full = node.children.length >= MAX_CHILDREN;
  const error = ctx.errors[path] ?? ctx.errors[join(path, node.kind)];
  const matchId = `cond-match-${node.id}`;
  return (
    <fieldset class="cond-group">
      <legend>{name}</legend>
      {error ? <p class="error">{error}</p> : null}
      <div class="field cond-match">
        <label for={matchId}>Match</label>
        <select id={matchId} value={node.kind} onChange={(e) => set((g) => ({ ...g, kind: e.currentTarget.value as 'all' | 'any' }))}>
          <option value="all">all of these (and)</option>
          <option value="any">any of these (or)</option>
        </select>
      </div>
      {node.children.length === 0 ? <p class="muted">{node.kind === 'all' ? 'No conditions: everyone matches.' : 'No conditions: nobody matches.'}</p> : null}
      <ol class="cond-children">
        {node.children.map((child, i) => {
          const n = number ? `${number}.${i + 1}` : String(i + 1);
          const what = nameOf(child.kind === 'leaf' ? 'Condition' : 'Group', n, ctx.label).replace(/^./, (c) => c.toLowerCase());
          return (
            <li key={child.id}>
              <NodeView
                ctx={ctx}
                node={child}
                number={n}
                path={join(path, node.kind, i)}
                depth={depth + 1}
                controls={
                  <>
                    <Button small disabled={i === 0} aria-label={`Move ${what} up`} onClick={() => set((g) => move(g, child.id, -1))}>
                      Up
                    </Button>
                    <Button small disabled={i === node.children.length - 1} aria-label={`Move ${what} down`} onClick={() => set((g) => move(g, child.id, 1))}>
                      Down
                    </Button>
                    <Button small variant="danger" aria-label={`Remove ${what}`} onClick={() => ctx.edit(child.id, () => null)}>
                      Remove
                    </Button>
                  </>
                }
              />
            </li>
          );
        })}
      </ol>
      <div class="row cond-add">
        {depth + 1 <= MAX_DEPTH ? (
          <Button small disabled={full} aria-label={`Add condition to ${name}`} onClick={() => add(newLeaf())}>
            Add condition
          </Button>
        ) : null}
        {depth + 2 <= MAX_DEPTH ? (
          <Button small disabled={full} aria-label={`Add OR group to ${name}`} onClick={() => add(newGroup('any'))}>
            Add OR group
          </Button>
        ) : null}
        {depth + 3 <= MAX_DEPTH ? (
          <Button small disabled={full} aria-label={`Add NOT group to ${name}`} onClick={() => add(newNot())}>
            Add NOT group
          </Button>
        ) : null}
      </div>
      {controls ? <div class="cond-controls">{controls}</div> : null}
    </fieldset>
  );
}
