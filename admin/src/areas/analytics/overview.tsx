import { useEffect } from 'preact/hooks';
import type { FunnelAnswer } from '../../../../shared/schemas/analytics';
import { Empty, Loaded } from '../../ui';
import { LineChart } from './charts/line-chart';
import { STAGES } from './constants';
import { count, shortDay } from './format';
import type { ViewProps } from './index';
import { funnel, loadFunnel } from './model';

/** Daily exposures, impressions, clicks, actions and conversions of every rule: the funnel's `series`. */
export function OverviewView({ envId, range }: ViewProps) {
  useEffect(() => void loadFunnel(envId, range), [envId, range.from, range.to]);
  return (
    <section aria-labelledby="analytics-overview">
      <h2 id="analytics-overview">Overview</h2>
      <Loaded resource={funnel} what="the time series">
        {(answer) => <Series answer={answer} />}
      </Loaded>
    </section>
  );
}

function Series({ answer }: { answer: FunnelAnswer }) {
  const totals = STAGES.map((s) => ({ ...s, total: answer.series.reduce((t, d) => t + d[s.value], 0) }));
  if (totals.every((t) => t.total === 0)) {
    return (
      <Empty>
        No exposures yet between {answer.from} and {answer.to}: publish a live rule and embed the script tag (Settings → Install), or choose a longer range.
      </Empty>
    );
  }
  const table = (
    <table class="table">
      <caption>
        Events per day, {answer.from} to {answer.to} (UTC)
      </caption>
      <thead>
        <tr>
          <th scope="col">Day</th>
          {STAGES.map((s) => (
            <th key={s.value} scope="col" class="num">
              {s.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {answer.series.map((d) => (
          <tr key={d.day}>
            <th scope="row">{d.day}</th>
            {STAGES.map((s) => (
              <td key={s.value} class="num">
                {count(d[s.value])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <>
      <dl class="stat-tiles">
        {totals.map((t) => (
          <div key={t.value}>
            <dt>{t.label}</dt>
            <dd>{count(t.total)}</dd>
          </div>
        ))}
      </dl>
      <LineChart
        title="Daily events"
        summary={`Daily events from ${answer.from} to ${answer.to}: ${totals.map((t) => `${count(t.total)} ${t.label.toLowerCase()}`).join(', ')} in all.`}
        labels={answer.series.map((d) => shortDay(d.day))}
        series={STAGES.map((s) => ({ label: s.label, values: answer.series.map((d) => d[s.value]) }))}
        yUnit="Events per day"
        xUnit="Day (UTC)"
        format={count}
        table={table}
      />
    </>
  );
}
