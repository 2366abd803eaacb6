import { useEffect } from 'preact/hooks';
import { DECLINE_REASONS } from '../../../../shared/constants';
import { formatTime, Loaded } from '../../ui';
import { BarChart } from './charts/bar-chart';
import { CountTable } from './charts/count-table';
import { count } from './format';
import type { ViewProps } from './index';
import { declines, loadDeclines } from './model';

const REASON_LABELS: Record<(typeof DECLINE_REASONS)[number], string> = { budget: 'Budget', timing: 'Timing', fit: 'Fit', other: 'Other' };

/** Why people said no to the chosen rule, and what they wrote: the feedback loop the playbook asks for. */
export function DeclinesPanel({ envId, range, state }: ViewProps) {
  useEffect(() => void loadDeclines(envId, { ...range, rule: state.rule }), [envId, range.from, range.to, state.rule]);
  return (
    <section aria-labelledby="analytics-declines">
      <h3 id="analytics-declines">Decline reasons</h3>
      <Loaded resource={declines} what="the decline reasons">
        {(answer) => {
          const rule = answer.rules.find((r) => r.ruleId === state.rule);
          if (!rule || rule.total === 0) return <p class="muted">Nobody declined {state.rule} in this range.</p>;
          const table = <CountTable caption={`Decline reasons for ${rule.ruleId}`} keyLabel="Reason" countLabel="Declines" rows={DECLINE_REASONS.map((r) => ({ label: REASON_LABELS[r], count: rule.reasons[r] }))} />;
          return (
            <>
              <BarChart
                title={`Why people declined ${rule.ruleId}`}
                summary={`${count(rule.total)} declines of ${rule.ruleId}: ${DECLINE_REASONS.map((r) => `${REASON_LABELS[r].toLowerCase()} ${count(rule.reasons[r])}`).join(', ')}.`}
                labels={DECLINE_REASONS.map((r) => REASON_LABELS[r])}
                series={[{ label: 'Declines', values: DECLINE_REASONS.map((r) => rule.reasons[r]) }]}
                barLabels={DECLINE_REASONS.map((r) => count(rule.reasons[r]))}
                yUnit="Declines"
                format={count}
                table={table}
              />
              {rule.notes.length ? (
                <div class="table-wrap">
                  <table class="table">
                    <caption>What people wrote, newest first</caption>
                    <thead>
                      <tr>
                        <th scope="col">When</th>
                        <th scope="col">Reason</th>
                        <th scope="col">Note</th>
                        <th scope="col">Account</th>
                        <th scope="col">Tier · variant</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rule.notes.map((n, i) => (
                        <tr key={`${n.at}-${i}`}>
                          <td>{formatTime(n.at)}</td>
                          <td>{REASON_LABELS[n.reason]}</td>
                          <td class="note">{n.note}</td>
                          <td>{n.accountId}</td>
                          <td>{[n.tier, n.variant].filter(Boolean).join(' · ') || '–'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p class="muted">Nobody left a note.</p>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
