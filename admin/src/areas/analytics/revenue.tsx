import { useEffect, useState } from 'preact/hooks';
import type { RevenueAnswer } from '../../../../shared/schemas/analytics';
import { Button, Empty, Loaded, Select, TextField } from '../../ui';
import { BarChart } from './charts/bar-chart';
import { MOVEMENTS, TRAIT } from './constants';
import { minorPerMajor, money, moneyAxis, shortMonth } from './format';
import type { ViewProps } from './index';
import { loadRevenue, revenue } from './model';
import { AttributedTable, MonthsTable } from './revenue-tables';
import { monthsOf } from './url-state';

/** The scoreboard: MRR movements per month, NRR and GRR, expansion rate, by segment, and what each rule earned. */
export function RevenueView({ envId, range, state, set }: ViewProps) {
  const months = monthsOf(range);
  useEffect(() => void loadRevenue(envId, { ...months, segment: state.segment }), [envId, months.from, months.to, state.segment]);
  return (
    <section aria-labelledby="analytics-revenue">
      <h2 id="analytics-revenue">Revenue</h2>
      <p class="muted">
        Whole months from {shortMonth(months.from)} to {shortMonth(months.to)}: the months the date range touches.
      </p>
      <SegmentForm key={state.segment} value={state.segment} onApply={(segment) => set({ segment })} />
      <Loaded resource={revenue} what="the revenue scoreboard">
        {(answer) => <Scoreboard answer={answer} />}
      </Loaded>
    </section>
  );
}

function SegmentForm({ value, onApply }: { value: string; onApply: (segment: string) => void }) {
  const [kind, setKind] = useState(value === 'plan' ? 'plan' : value.startsWith('trait:') ? 'trait' : '');
  const [trait, setTrait] = useState(value.startsWith('trait:') ? value.slice(6) : '');
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <form
      class="row segment-form"
      aria-label="Segment"
      onSubmit={(e) => {
        e.preventDefault();
        if (!TRAIT.test(trait)) return setError('Enter a trait name: letters, digits and _ . : - (up to 64).');
        setError(undefined);
        onApply(`trait:${trait}`);
      }}
    >
      <Select
        label="Segment by"
        value={kind}
        onValue={(k) => {
          setKind(k);
          // A trait needs its name first; the others apply at once.
          if (k !== 'trait') onApply(k);
        }}
        options={[
          { value: '', label: 'All accounts' },
          { value: 'plan', label: 'Plan at the start of the month' },
          { value: 'trait', label: 'An account trait' },
        ]}
      />
      {kind === 'trait' ? (
        <>
          <TextField label="Trait name" value={trait} onValue={setTrait} hint="As the host sends it in account.traits" error={error} />
          <Button type="submit">Apply segment</Button>
        </>
      ) : null}
    </form>
  );
}

function Scoreboard({ answer }: { answer: RevenueAnswer }) {
  const { currency } = answer;
  if (answer.months.every((m) => m.startMrr === 0 && m.endMrr === 0 && m.new === 0)) {
    return (
      <Empty>
        No MRR recorded from {answer.from} to {answer.to}. Report each account's MRR with POST /v1/conversions (type "new" for the first) or connect Stripe in Settings.
      </Empty>
    );
  }
  const unit = currency ?? 'minor units';
  const major = (minor: number) => minor / minorPerMajor(currency);
  return (
    <>
      <BarChart
        title="MRR movements per month"
        summary={`MRR movements per month in ${unit}, ${answer.from} to ${answer.to}: ${answer.months
          .map((m) => `${shortMonth(m.month)} ${MOVEMENTS.map((mv) => `${mv.label.toLowerCase()} ${money(m[mv.value], currency)}`).join(', ')}`)
          .join('; ')}.`}
        labels={answer.months.map((m) => shortMonth(m.month))}
        series={MOVEMENTS.map((mv) => ({ label: mv.label, values: answer.months.map((m) => mv.sign * major(m[mv.value])) }))}
        yUnit={`MRR change (${unit})`}
        xUnit="Month"
        format={(v) => moneyAxis(v, currency)}
        table={<MonthsTable caption={`MRR movements per month (${unit})`} rows={answer.months} currency={currency} part="movements" />}
      />
      <div class="table-wrap">
        <MonthsTable caption="Retention per month" rows={answer.months} currency={currency} part="retention" />
      </div>
      {answer.segment && answer.segments.length ? (
        <div class="table-wrap">
          <MonthsTable caption={`Retention by ${answer.segment.replace(/^trait:/, 'trait ')}`} rows={answer.segments} currency={currency} part="retention" withSegment />
        </div>
      ) : answer.segment ? (
        <Empty>No account carries "{answer.segment}" in these months.</Empty>
      ) : null}
      <AttributedTable rows={answer.attributed} currency={currency} />
    </>
  );
}
