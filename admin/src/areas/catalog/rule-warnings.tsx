import type { Warning } from '../../ui';

/** A warning of `PUT catalog`: a draft rule the saved catalog breaks, with its name. */
type RuleWarning = Warning & { ruleName?: string };

/** Where each warning of `PUT catalog` shows: beside the part of the map it concerns. */
export const WARNING_PART: Readonly<Record<string, 'metrics' | 'features' | 'plans' | 'addons'>> = {
  'metric.unknown': 'metrics',
  'feature.unknown': 'features',
  'plan.unknown': 'plans',
  'addon.unknown': 'addons',
};

/** The draft rules the saved catalog leaves pointing at nothing, each with where in the rule and a link to it. */
export function RuleWarnings({ warnings, envId, what = 'something' }: { warnings: readonly RuleWarning[]; envId: string; what?: string }) {
  if (!warnings.length) return null;
  return (
    <div class="notice warn" role="status">
      <p>
        <strong>{`Saved. These draft rules now point at ${what} the catalog no longer has:`}</strong>
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
