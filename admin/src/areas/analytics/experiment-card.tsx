import type { Comparison, Experiment, IntervalMode } from '../../../../shared/schemas/analytics';
import { labelOf, TRIGGERS } from '../rules/list-query';
import { ForestPlot } from './charts/forest-plot';
import { HOLDOUT } from './constants';
import { count, money, pct, pp } from './format';

interface Props {
  experiment: Experiment;
  currency: string | null;
  mode: IntervalMode;
}

const variantName = (v: string) => (v === '' ? 'Default' : v === HOLDOUT ? 'Holdout' : v);
const signedPct = (r: number | null) => (r === null ? '–' : `${r > 0 ? '+' : ''}${pct(r)}`);
const interval = (f: (v: number | null) => string, low: number | null, high: number | null) => `${low === null ? '−∞' : f(low)} to ${high === null ? '+∞' : f(high)}`;
const pValue = (p: number | null) => (p === null ? '–' : p < 0.0001 ? '< 0.0001' : p.toFixed(4));
/** "p = 0.0123", "p < 0.0001". */
const pIs = (p: number) => (p < 0.0001 ? 'p < 0.0001' : `p = ${p.toFixed(4)}`);

/** An arm's share under the live split; an arm the live config no longer has expects none and is left out of the check. */
const expectedShare = (split: Record<string, number>, arm: string) => (Object.hasOwn(split, arm) ? pct(split[arm]!) : 'Not in the live split');
/** "Holdout 20.0 %, Default 80.0 %": the whole split, arms without exposures included. */
const splitWords = (split: Record<string, number>) =>
  Object.entries(split)
    .map(([arm, share]) => `${variantName(arm)} ${pct(share)}`)
    .join(', ');

/** One rule's experiment: verdict, warnings, arms, and a forest plot per metric. */
export function ExperimentCard({ experiment: e, currency, mode }: Props) {
  const m = (v: number | null) => money(v, currency, true);
  return (
    <article class="card experiment" aria-labelledby={`exp-${e.ruleId}`}>
      <div class="spread">
        <h3 id={`exp-${e.ruleId}`}>{e.ruleId}</h3>
        <span class="row">
          {e.trigger ? <span class="badge">{labelOf(TRIGGERS, e.trigger)}</span> : null}
          {e.prune ? <span class="badge badge-warn">Prune candidate</span> : null}
        </span>
      </div>
      <p class="verdict">{e.verdict}</p>
      {e.warnings.length ? (
        <ul class="notice warn warnings" aria-label={`Warnings for ${e.ruleId}`}>
          {e.warnings.map((w) => (
            <li key={w.code}>{w.message}</li>
          ))}
        </ul>
      ) : null}
      <div class="table-wrap">
        <table class="table">
          <caption>Arms of {e.ruleId}</caption>
          <thead>
            <tr>
              <th scope="col">Arm</th>
              <th scope="col" class="num">Accounts exposed</th>
              {e.srm ? <th scope="col" class="num">Expected share</th> : null}
              <th scope="col" class="num">Converted</th>
              <th scope="col" class="num">Conversion rate</th>
              <th scope="col" class="num">Expansion MRR</th>
              <th scope="col" class="num">MRR per exposed account</th>
            </tr>
          </thead>
          <tbody>
            {e.arms.map((a) => (
              <tr key={a.variant}>
                <th scope="row">{variantName(a.variant)}</th>
                <td class="num">{count(a.accounts)}</td>
                {e.srm ? <td class="num">{expectedShare(e.srm.expected, a.variant)}</td> : null}
                <td class="num">{count(a.converted)}</td>
                <td class="num">{pct(a.conversionRate)}</td>
                <td class="num">{money(a.expansionMrr, currency)}</td>
                <td class="num">{money(a.mrrPerAccount, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {e.srm ? (
        <p class="muted">
          Sample ratio check (chi-square against the live split: {splitWords(e.srm.expected)}): {pIs(e.srm.pValue)}.
        </p>
      ) : null}
      <Lift ruleId={e.ruleId} rows={e.comparisons.filter((c) => c.metric === 'conversion')} metric="Conversion rate" format={pp} unit="Difference from holdout, percentage points" mode={mode} />
      <Lift ruleId={e.ruleId} rows={e.comparisons.filter((c) => c.metric === 'mrr')} metric="MRR per exposed account" format={m} unit={`Difference from holdout${currency ? `, ${currency}` : ''}`} mode={mode} />
    </article>
  );
}

interface LiftProps {
  ruleId: string;
  rows: Comparison[];
  metric: string;
  format: (v: number | null) => string;
  unit: string;
  mode: IntervalMode;
}

function Lift({ ruleId, rows, metric, format, unit, mode }: LiftProps) {
  if (!rows.length) return null;
  const kind = mode === 'sequential' ? 'sequential 95 % intervals' : 'fixed-horizon 95 % intervals';
  const table = (
    <table class="table">
      <caption>
        {metric} of {ruleId} against the holdout ({kind})
      </caption>
      <thead>
        <tr>
          <th scope="col">Variant</th>
          <th scope="col" class="num">Absolute lift</th>
          <th scope="col">95 % interval</th>
          <th scope="col" class="num">Relative lift</th>
          <th scope="col">95 % interval</th>
          <th scope="col" class="num">p-value</th>
          <th scope="col">Excludes 0</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.variant}>
            <th scope="row">{variantName(c.variant)}</th>
            <td class="num">{format(c.absolute.estimate)}</td>
            <td>{interval(format, c.absolute.low, c.absolute.high)}</td>
            <td class="num">{signedPct(c.relative.estimate)}</td>
            <td>{interval(signedPct, c.relative.low, c.relative.high)}</td>
            <td class="num">{pValue(c.pValue)}</td>
            <td>{c.significant ? 'Yes' : 'No'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <ForestPlot
      title={`${metric} of ${ruleId}: lift over holdout`}
      summary={`${metric} of ${ruleId} against the holdout, ${kind}: ${rows.map((c) => `${variantName(c.variant)} ${format(c.absolute.estimate)} (${interval(format, c.absolute.low, c.absolute.high)})${c.significant ? ', excludes 0' : ''}`).join('; ')}.`}
      rows={rows.map((c) => ({ label: variantName(c.variant), estimate: c.absolute.estimate, low: c.absolute.low, high: c.absolute.high, significant: c.significant }))}
      format={(v) => format(v)}
      unit={unit}
      table={table}
    />
  );
}
