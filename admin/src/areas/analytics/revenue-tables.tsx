import type { RevenueAnswer, RevenueMonth } from '../../../../shared/schemas/analytics';
import { MOVEMENTS } from './constants';
import { count, days, money, pct } from './format';

interface MonthsProps {
  caption: string;
  rows: RevenueMonth[];
  currency: string | null;
  /** Movements: the chart's figures. Retention: start and end MRR, NRR, GRR, expansion rate, time to first expansion. */
  part: 'movements' | 'retention';
  withSegment?: boolean;
}

/** Months as rows; with `withSegment`, one row per segment value and month. */
export function MonthsTable({ caption, rows, currency, part, withSegment = false }: MonthsProps) {
  return (
    <table class="table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Month</th>
          {withSegment ? <th scope="col">Segment</th> : null}
          {part === 'movements' ? (
            MOVEMENTS.map((m) => (
              <th key={m.value} scope="col" class="num">
                {m.label}
              </th>
            ))
          ) : (
            <>
              <th scope="col" class="num">Starting MRR</th>
              <th scope="col" class="num">Ending MRR</th>
              <th scope="col" class="num">NRR</th>
              <th scope="col" class="num">GRR</th>
              <th scope="col" class="num">Expansion rate</th>
              <th scope="col" class="num">Median time to first expansion</th>
            </>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={`${m.month}-${m.segment ?? ''}`}>
            <th scope="row">{m.month}</th>
            {withSegment ? <td>{m.segment ?? '(none)'}</td> : null}
            {part === 'movements' ? (
              MOVEMENTS.map((mv) => (
                <td key={mv.value} class="num">
                  {mv.sign < 0 && m[mv.value] ? '−' : ''}
                  {money(m[mv.value], currency)}
                </td>
              ))
            ) : (
              <>
                <td class="num">{money(m.startMrr, currency)}</td>
                <td class="num">{money(m.endMrr, currency)}</td>
                <td class="num">{pct(m.nrr)}</td>
                <td class="num">{pct(m.grr)}</td>
                <td class="num">
                  {pct(m.expansionRate)} <span class="sub">{count(m.accountsExpanded)} of {count(m.accountsAtStart)}</span>
                </td>
                <td class="num">{days(m.medianDaysToFirstExpansion)}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Expansion MRR credited to each rule and variant (the conversions' touches). */
export function AttributedTable({ rows, currency }: { rows: RevenueAnswer['attributed']; currency: string | null }) {
  if (!rows.length) return <p class="muted">No expansion was attributed to a rule in these months.</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <caption>Expansion MRR attributed to rules</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Variant</th>
            <th scope="col" class="num">Conversions</th>
            <th scope="col" class="num">Expansion MRR</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.ruleId}-${r.variant ?? ''}`}>
              <th scope="row">{r.ruleId}</th>
              <td>{r.variant ?? '–'}</td>
              <td class="num">{count(r.conversions)}</td>
              <td class="num">{money(r.expansionMrr, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
