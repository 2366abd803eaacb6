import type { Stages, TimeToConversion as Ttc } from '../../../../shared/schemas/analytics';
import { Empty } from '../../ui';
import { BarChart } from './charts/bar-chart';
import { CountTable } from './charts/count-table';
import { STAGES } from './constants';
import { count, hours, pct, ratio } from './format';

interface TableProps {
  caption: string;
  keyLabel: string;
  rows: { key: string; stages: Stages }[];
}

/** Stages per row with each step's conversion ("Clicks 120 · 40.0 %" reads as 40 % of impressions clicked). */
export function StagesTable({ caption, keyLabel, rows }: TableProps) {
  return (
    <table class="table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{keyLabel}</th>
          {STAGES.map((s, i) => (
            <th key={s.value} scope="col" class="num">
              {s.label}
              {i ? <span class="sub">% of {STAGES[i - 1]!.label.toLowerCase()}</span> : null}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.key}</th>
            {STAGES.map((s, i) => (
              <td key={s.value} class="num">
                {count(r.stages[s.value])}
                {i ? <span class="sub">{pct(ratio(r.stages[s.value], r.stages[STAGES[i - 1]!.value]))}</span> : null}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A bound short enough for an axis label: hours below two days, whole days above ("36 h", "7 d"). */
const bound = (h: number) => (h < 48 ? `${h} h` : `${Math.round((h / 24) * 10) / 10} d`);

/** "< 1 h", "1 h–24 h", "30 d +": a bucket's bounds (each exclusive above), short enough for the axis. */
export function bucketLabels(buckets: Ttc['buckets']): string[] {
  return buckets.map((b, i) => {
    const below = i ? buckets[i - 1]!.upToHours : null;
    if (b.upToHours === null) return below === null ? 'Any time' : `${bound(below)} +`;
    return below === null ? `< ${bound(b.upToHours)}` : `${bound(below)}–${bound(b.upToHours)}`;
  });
}

/** Time from first exposure to conversion: the median, and how many converted within each bound. */
export function TimeToConversion({ ttc, ruleId }: { ttc: Ttc; ruleId: string }) {
  const total = ttc.buckets.reduce((t, b) => t + b.count, 0);
  if (ttc.medianHours === null || total === 0) {
    return (
      <>
        <h3>Time to conversion</h3>
        <Empty>No attributed conversion of {ruleId} in this range yet: conversions reach Upshift through POST /v1/conversions or the Stripe webhook.</Empty>
      </>
    );
  }
  const labels = bucketLabels(ttc.buckets);
  return (
    <>
      <h3>Time to conversion</h3>
      <p>
        Median from first exposure to conversion: <strong>{hours(ttc.medianHours)}</strong> ({count(total)} conversions).
      </p>
      <BarChart
        title={`Time to conversion of ${ruleId}`}
        summary={`Conversions of ${ruleId} by time since first exposure: ${labels.map((l, i) => `${l}: ${count(ttc.buckets[i]!.count)}`).join(', ')}. Median ${hours(ttc.medianHours)}.`}
        labels={labels}
        series={[{ label: 'Conversions', values: ttc.buckets.map((b) => b.count) }]}
        barLabels={ttc.buckets.map((b) => count(b.count))}
        yUnit="Conversions"
        xUnit="Time since first exposure"
        format={count}
        table={<CountTable caption={`Conversions of ${ruleId} by time since first exposure`} keyLabel="Time since first exposure" countLabel="Conversions" rows={ttc.buckets.map((b, i) => ({ label: labels[i]!, count: b.count }))} />}
      />
    </>
  );
}
