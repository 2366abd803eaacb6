import { useEffect } from 'preact/hooks';
import type { ExperimentsAnswer } from '../../../../shared/schemas/analytics';
import { Empty, Loaded } from '../../ui';
import { labelOf, TRIGGERS } from '../rules/list-query';
import { ExperimentCard } from './experiment-card';
import type { ViewProps } from './index';
import { experiments, loadExperiments } from './model';

const MODES = [
  { value: 'sequential', label: 'Sequential (safe to check any time)' },
  { value: 'fixed', label: 'Fixed horizon (read once, at the planned end)' },
] as const;

/** Every rule with variants or a holdout: arms, lift against the holdout with intervals, the verdict and warnings. */
export function ExperimentsView({ envId, range, state, set }: ViewProps) {
  useEffect(() => void loadExperiments(envId, { ...range, mode: state.mode }), [envId, range.from, range.to, state.mode]);
  return (
    <section aria-labelledby="analytics-experiments">
      <h2 id="analytics-experiments">Experiments</h2>
      <fieldset class="row mode-toggle">
        <legend>Intervals</legend>
        {MODES.map((m) => (
          <label key={m.value} class="check-inline">
            <input type="radio" name="interval-mode" value={m.value} checked={state.mode === m.value} onChange={() => set({ mode: m.value })} />
            {m.label}
          </label>
        ))}
      </fieldset>
      <Loaded resource={experiments} what="the experiments">
        {(answer) =>
          answer.experiments.length === 0 ? (
            <Empty>No experiment had exposures in this range. Give a rule variants or a holdout (Rules → the rule → Variants), publish it, and its comparison appears here.</Empty>
          ) : (
            <>
              <Prune answer={answer} />
              {answer.experiments.map((e) => (
                <ExperimentCard key={e.ruleId} experiment={e} currency={answer.currency} mode={answer.mode} />
              ))}
            </>
          )
        }
      </Loaded>
    </section>
  );
}

function Prune({ answer }: { answer: ExperimentsAnswer }) {
  const groups = answer.pruneByTrigger.filter((g) => g.rules.length);
  if (!groups.length) return <p class="muted">No prune candidates: no rule's interval rules out a useful lift yet.</p>;
  return (
    <div class="notice warn">
      <p>
        <strong>Prune candidates</strong>: after enough exposure, these rules' intervals exclude a useful lift.
      </p>
      <ul>
        {groups.map((g) => (
          <li key={g.trigger ?? 'none'}>
            {labelOf(TRIGGERS, g.trigger) ?? 'No trigger'}: {g.rules.join(', ')}
          </li>
        ))}
      </ul>
    </div>
  );
}
