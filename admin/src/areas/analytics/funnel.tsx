import { useEffect } from 'preact/hooks';
import type { FunnelAnswer, FunnelRule } from '../../../../shared/schemas/analytics';
import { Empty, Loaded, Select } from '../../ui';
import { labelOf, TRIGGERS } from '../rules/list-query';
import { BarChart } from './charts/bar-chart';
import { BREAKDOWNS, STAGES, type Breakdown } from './constants';
import { DeclinesPanel } from './declines';
import { count, pct, ratio } from './format';
import type { ViewProps } from './index';
import { funnel, loadFunnel, loadRuleFunnel, ruleFunnel } from './model';
import { StagesTable, TimeToConversion } from './funnel-parts';

/** The funnel per rule: pick a rule (all rules' stages are listed first), then its breakdown, time to conversion and declines. */
export function FunnelView(props: ViewProps) {
  const { envId, range, state, set } = props;
  useEffect(() => void loadFunnel(envId, range), [envId, range.from, range.to]);
  useEffect(() => {
    if (state.rule) void loadRuleFunnel(envId, { ...range, rule: state.rule, by: state.by });
  }, [envId, range.from, range.to, state.rule, state.by]);
  return (
    <section aria-labelledby="analytics-funnel">
      <h2 id="analytics-funnel">Funnel</h2>
      <Loaded resource={funnel} what="the funnel">
        {(all) =>
          all.rules.length === 0 ? (
            <Empty>No rule had an exposure in this range. Publish a live rule, or choose a longer range.</Empty>
          ) : (
            <>
              <div class="row">
                <Select label="Rule" value={state.rule} onValue={(rule) => set({ rule })} options={[{ value: '', label: 'All rules (summary)' }, ...all.rules.map((r) => ({ value: r.ruleId, label: r.ruleId }))]} />
                {state.rule ? (
                  <Select label="Break down by" value={state.by} onValue={(by) => set({ by: by as Breakdown | '' })} options={[{ value: '', label: 'No breakdown' }, ...BREAKDOWNS]} />
                ) : null}
              </div>
              {state.rule ? (
                <Loaded resource={ruleFunnel} what={`the funnel of ${state.rule}`}>
                  {(answer) => <RuleDetail answer={answer} ruleId={state.rule} />}
                </Loaded>
              ) : (
                <RulesSummary answer={all} onOpen={(rule) => set({ rule })} />
              )}
              {state.rule ? <DeclinesPanel {...props} /> : null}
            </>
          )
        }
      </Loaded>
    </section>
  );
}

function RulesSummary({ answer, onOpen }: { answer: FunnelAnswer; onOpen: (rule: string) => void }) {
  return (
    <div class="table-wrap">
      <table class="table">
        <caption>
          Every rule's funnel, {answer.from} to {answer.to}
        </caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Trigger</th>
            {STAGES.map((s) => (
              <th key={s.value} scope="col" class="num">
                {s.label}
              </th>
            ))}
            <th scope="col" class="num">
              Exposed → converted
            </th>
          </tr>
        </thead>
        <tbody>
          {answer.rules.map((r) => (
            <tr key={r.ruleId}>
              <th scope="row">
                <button type="button" class="btn btn-link" onClick={() => onOpen(r.ruleId)}>
                  {r.ruleId}
                </button>
              </th>
              <td>{labelOf(TRIGGERS, r.trigger) ?? '–'}</td>
              {STAGES.map((s) => (
                <td key={s.value} class="num">
                  {count(r.stages[s.value])}
                </td>
              ))}
              <td class="num">{pct(ratio(r.stages.conversion, r.stages.exposed))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each stage against the one before it: the share that went on. */
export const stepRates = (r: FunnelRule['stages']): (number | null)[] => STAGES.map((s, i) => (i === 0 ? null : ratio(r[s.value], r[STAGES[i - 1]!.value])));

function RuleDetail({ answer, ruleId }: { answer: FunnelAnswer; ruleId: string }) {
  const rule = answer.rules.find((r) => r.ruleId === ruleId);
  if (!rule) return <Empty>"{ruleId}" had no events in this range. Choose another rule or a longer range.</Empty>;
  const steps = stepRates(rule.stages);
  const by = answer.by ? BREAKDOWNS.find((b) => b.value === answer.by)?.label : null;
  return (
    <>
      <BarChart
        title={`Funnel of ${rule.ruleId}`}
        summary={`Funnel of ${rule.ruleId}: ${STAGES.map((s, i) => `${count(rule.stages[s.value])} ${s.label.toLowerCase()}${i ? ` (${pct(steps[i]!)} of the step before)` : ''}`).join(', ')}.`}
        labels={STAGES.map((s) => s.label)}
        series={[{ label: 'Count', values: STAGES.map((s) => rule.stages[s.value]) }]}
        barLabels={STAGES.map((s, i) => (i ? `${count(rule.stages[s.value])} · ${pct(steps[i]!)}` : count(rule.stages[s.value])))}
        yUnit="Accounts or events"
        format={count}
        table={<StagesTable caption={`Funnel of ${rule.ruleId}, with each step's conversion`} rows={[{ key: rule.ruleId, stages: rule.stages }]} keyLabel="Rule" />}
      />
      {by ? (
        rule.segments.length ? (
          <div class="table-wrap">
            <StagesTable caption={`${rule.ruleId} by ${by.toLowerCase()}`} rows={rule.segments.map((s) => ({ key: s.key || '(none)', stages: s.stages }))} keyLabel={by} />
          </div>
        ) : (
          <Empty>No events of {rule.ruleId} carry a {by.toLowerCase()} in this range.</Empty>
        )
      ) : null}
      <TimeToConversion ttc={rule.timeToConversion} ruleId={rule.ruleId} />
    </>
  );
}
