import { useState } from 'preact/hooks';
import type { AuditEntry, EnvironmentView } from '../../../../shared/schemas/admin';
import { formatTime } from '../../ui';

const show = (v: unknown): string => (v === undefined ? '—' : JSON.stringify(v, null, 1));

/** One entry; its before/after changes open below it on demand (a disclosure button, not a hover). */
export function EntryRow({ entry, envs }: { entry: AuditEntry; envs: EnvironmentView[] }) {
  const [open, setOpen] = useState(false);
  const env = entry.environmentId ? (envs.find((e) => e.id === entry.environmentId)?.name ?? entry.environmentId) : null;
  const id = `audit-${entry.id}`;
  return (
    <>
      <tr>
        <td>
          <time dateTime={entry.at}>{formatTime(entry.at)}</time>
        </td>
        <td>
          {entry.actor.label}
          {entry.actor.type !== 'person' ? <span class="muted"> ({entry.actor.type})</span> : null}
        </td>
        <td>
          <code>{entry.action}</code>
        </td>
        <td>
          {entry.target ?? <span class="muted">—</span>}
          {env ? <div class="muted">{env}</div> : null}
        </td>
        <td>
          {entry.changes.length ? (
            <button type="button" class="btn btn-small" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
              {open ? 'Hide' : 'Show'} {entry.changes.length} change{entry.changes.length === 1 ? '' : 's'}
            </button>
          ) : (
            <span class="muted">none</span>
          )}
        </td>
      </tr>
      {open ? (
        <tr id={id}>
          <td colSpan={5}>
            <table class="table" aria-label={`Changes of ${entry.action} at ${formatTime(entry.at)}`}>
              <thead>
                <tr>
                  <th scope="col">Path</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {entry.changes.map((c) => (
                  <tr key={c.path}>
                    <td>
                      <code>{c.path || '(whole)'}</code>
                    </td>
                    <td>
                      <pre class="code diff-before">{show(c.before)}</pre>
                    </td>
                    <td>
                      <pre class="code diff-after">{show(c.after)}</pre>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </td>
        </tr>
      ) : null}
    </>
  );
}
