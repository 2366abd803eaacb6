import type { RuleOverviewRow } from '../../../../shared/schemas/rule-overview';
import { labelOf, STATES } from './list-query';

/** A count, or a dash that says in words that there is no figure yet. */
export function Count({ value }: { value: number | null }) {
  if (value !== null) return <>{value}</>;
  return (
    <>
      <span aria-hidden="true">—</span>
      <span class="visually-hidden">no data yet</span>
    </>
  );
}

/** The last 7 days' four figures, each named, in one cell. */
export function WeekCell({ row }: { row: RuleOverviewRow }) {
  const figures = [
    ['Exposures', row.stats.exposures],
    ['Impressions', row.stats.impressions],
    ['Clicks', row.stats.clicks],
    ['Conversions', row.stats.conversions],
  ] as const;
  return (
    <dl class="week-stats">
      {figures.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            <Count value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** What publishing would change about the rule's state, in words; null when nothing. */
function pending(row: RuleOverviewRow): string | null {
  if (row.removed) return 'Removed on publish';
  if (!row.valid) return 'Invalid draft';
  if (!row.unpublishedChanges) return null;
  if (row.state === 'draft') return row.draftStatus === 'live' ? 'Goes live on publish' : row.draftStatus === 'paused' ? 'Paused when published' : null;
  if (row.draftStatus === 'paused' && row.state !== 'paused') return 'Pauses on publish';
  if (row.draftStatus === 'live' && row.state === 'paused') return 'Goes live on publish';
  if (row.draftStatus === 'draft' || row.draftStatus === 'archived') return 'Leaves on publish';
  return 'Unpublished changes';
}

/** The state as a badge with its name in text (its colour only repeats it), and what publishing would change. */
export function StateCell({ row }: { row: RuleOverviewRow }) {
  const next = pending(row);
  return (
    <>
      <span class={`badge state-${row.state}`}>{labelOf(STATES, row.state)}</span>
      {next ? (
        <>
          {' '}
          <span class="badge pending">{next}</span>
        </>
      ) : null}
    </>
  );
}

/** The engine's lint warnings: a count that opens to the messages. */
export function WarningsCell({ row }: { row: RuleOverviewRow }) {
  const n = row.warnings.length;
  if (n === 0) return <span class="muted">None</span>;
  return (
    <details class="rule-warnings">
      <summary>
        {n} warning{n === 1 ? '' : 's'}
        <span class="visually-hidden"> for {row.id}</span>
      </summary>
      <ul>
        {row.warnings.map((w, i) => (
          <li key={i}>
            {w.path.length ? <code>{w.path.join('.')}</code> : null}
            {w.path.length ? ': ' : null}
            {w.message}
          </li>
        ))}
      </ul>
    </details>
  );
}
