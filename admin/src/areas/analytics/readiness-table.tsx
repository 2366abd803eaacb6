import { useState } from 'preact/hooks';
import type { ReadinessAccount } from '../../../../shared/schemas/analytics';
import { formatTime } from '../../ui';
import { BANDS, CATEGORIES, type Sort } from './constants';

interface Props {
  accounts: ReadinessAccount[];
  sort: Sort;
  onSort: (sort: Sort) => void;
  caption: string;
}

const COLUMNS = [
  { key: 'account', label: 'Account', first: 'account' },
  { key: 'score', label: 'Score', first: '-score' },
  { key: 'updated', label: 'Updated', first: '-updated' },
] as const;

/** A column header that sorts by it: a first press uses the column's natural order, the next reverses it. */
function SortHeader({ column, sort, onSort }: { column: (typeof COLUMNS)[number]; sort: Sort; onSort: (s: Sort) => void }) {
  const active = sort.replace('-', '') === column.key;
  const descending = sort.startsWith('-');
  const next = (active ? (descending ? column.key : `-${column.key}`) : column.first) as Sort;
  return (
    <th scope="col" aria-sort={active ? (descending ? 'descending' : 'ascending') : undefined} class={column.key === 'score' ? 'num' : undefined}>
      <button type="button" class="btn btn-link sort" onClick={() => onSort(next)}>
        {column.label}
        <span aria-hidden="true">{active ? (descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
}

const label = (shown: boolean, n: number) => `${shown ? 'Hide' : 'Show'} ${n} signal${n === 1 ? '' : 's'}`;

/** The accounts with their score, band and categories; each row opens to the signals behind the score. */
export function ReadinessTable({ accounts, sort, onSort, caption }: Props) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) => setOpen((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  return (
    <div class="table-wrap">
      <table class="table readiness">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <SortHeader column={COLUMNS[0]} sort={sort} onSort={onSort} />
            <th scope="col">Plan</th>
            <SortHeader column={COLUMNS[1]} sort={sort} onSort={onSort} />
            <th scope="col">Band</th>
            {CATEGORIES.map((c) => (
              <th key={c.value} scope="col" class="num">
                {c.label} <span class="sub">of 25</span>
              </th>
            ))}
            <SortHeader column={COLUMNS[2]} sort={sort} onSort={onSort} />
            <th scope="col">Signals</th>
          </tr>
        </thead>
        <tbody>
          {accounts.flatMap((a) => {
            const shown = open.has(a.accountId);
            const rows = [
              <tr key={a.accountId}>
                <th scope="row">{a.accountId}</th>
                <td>{a.plan ?? '–'}</td>
                <td class="num">{a.score}</td>
                <td>
                  {BANDS.find((b) => b.value === a.band)?.label.replace(/ \(.*\)$/, '') ?? a.band}
                  {a.fixFirst ? <span class="badge badge-warn">Fix first</span> : null}
                </td>
                {CATEGORIES.map((c) => (
                  <td key={c.value} class="num">
                    {Math.round(a.categories[c.value] * 10) / 10}
                  </td>
                ))}
                <td>{formatTime(a.updatedAt)}</td>
                <td>
                  <button
                    type="button"
                    class="btn btn-small"
                    aria-expanded={shown}
                    aria-controls={`signals-${a.accountId}`}
                    // The visible words first (WCAG 2.5.3), then whose signals they are, for a list of many such buttons.
                    aria-label={`${label(shown, a.signals.length)} of ${a.accountId}`}
                    onClick={() => toggle(a.accountId)}
                  >
                    {label(shown, a.signals.length)}
                  </button>
                </td>
              </tr>,
            ];
            if (shown) {
              rows.push(
                <tr key={`${a.accountId}-signals`} id={`signals-${a.accountId}`} class="signals-row">
                  <td colSpan={6 + CATEGORIES.length}>
                    {a.signals.length ? (
                      <ul aria-label={`Signals behind ${a.accountId}'s score`}>
                        {a.signals.map((s, i) => (
                          <li key={i}>
                            <span class="badge">{CATEGORIES.find((c) => c.value === s.category)?.label ?? s.category}</span> {s.label} <span class="muted">({s.points > 0 ? '+' : ''}{s.points} points)</span>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <p class="muted">No signal has scored yet.</p>
                    )}
                  </td>
                </tr>,
              );
            }
            return rows;
          })}
        </tbody>
      </table>
    </div>
  );
}
