import type { Change } from '../../../../shared/schemas/admin';
import type { ContentChanges, RuleRef } from '../../../../shared/schemas/publishing';
import './publish.css';

/** A value as a marketer reads it: numbers and words as they are, lists and objects as short JSON. */
export function shown(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (typeof value === 'string') return `"${value}"`;
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** One field: `trigger.tiers.1.at.percent: 85 → 90`; a field only one side has reads as added or removed. */
function ChangeLine({ change }: { change: Change }) {
  const path = <code>{change.path || '(all of it)'}</code>;
  if (!('before' in change)) return <li>{path}: <span class="after">{shown(change.after)}</span> <span class="muted">(added)</span></li>;
  if (!('after' in change)) return <li>{path}: <span class="before">{shown(change.before)}</span> <span class="muted">(removed)</span></li>;
  return (
    <li>
      {path}: <span class="before">{shown(change.before)}</span>
      <span aria-hidden="true"> → </span>
      <span class="visually-hidden"> becomes </span>
      <span class="after">{shown(change.after)}</span>
    </li>
  );
}

const ruleName = (r: RuleRef) => (r.name ? `${r.name} (${r.id})` : r.id);
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function Fields({ title, changes }: { title: string; changes: Change[] }) {
  if (!changes.length) return null;
  return (
    <>
      <h3>{`${title}: ${plural(changes.length, 'change')}`}</h3>
      <ul>
        {changes.map((c) => (
          <ChangeLine key={c.path} change={c} />
        ))}
      </ul>
    </>
  );
}

/**
 * A diff between two sets of content, readable: rules added, removed and changed (each field with
 * before → after), then the catalog and the settings. `empty` is what to say when nothing differs.
 */
export function ChangesList({ changes, empty, removedNote }: { changes: ContentChanges; empty: string; removedNote?: string }) {
  const { rules } = changes;
  if (changes.total === 0) return <p class="notice">{empty}</p>;
  return (
    <div class="changes diff">
      {rules.added.length ? (
        <>
          <h3>{`Rules added: ${rules.added.length}`}</h3>
          <ul>
            {rules.added.map((r) => (
              <li key={r.id} class="after">{ruleName(r)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {rules.removed.length ? (
        <>
          <h3>{`Rules removed: ${rules.removed.length}`}</h3>
          {removedNote ? <p class="muted">{removedNote}</p> : null}
          <ul>
            {rules.removed.map((r) => (
              <li key={r.id} class="before">{ruleName(r)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {rules.changed.map((r) => (
        <Fields key={r.id} title={`Rule ${ruleName(r)}`} changes={r.changes} />
      ))}
      <Fields title="Catalog" changes={changes.catalog} />
      <Fields title="Settings" changes={changes.settings} />
    </div>
  );
}
