import type { Warning } from '../../ui';

/** A warning of `PUT catalog`: a draft rule the saved catalog breaks, with its name. */
type RuleWarning = Warning & { ruleName?: string };

/** The draft rules the saved catalog leaves pointing at nothing, each with where in the rule and a link to it. */
export function RuleWarnings({ warnings, envId }: { warnings: readonly RuleWarning[]; envId: string }) {
  if (!warnings.length) return null;
  return (
    <div class="notice warn" role="status">
      <p>
        <strong>Saved. These draft rules now point at something the catalog no longer has:</strong>
      </p>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>
            {w.ruleId ? (
              <>
                <a href={`/admin/env/${encodeURIComponent(envId)}/rules`}>{w.ruleName ? `${w.ruleName} (${w.ruleId})` : w.ruleId}</a>
                {w.path.length ? <> at <code>{w.path.join('.')}</code></> : null}:{' '}
              </>
            ) : null}
            {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
