import type { ReachCount, ReachResponse } from '../../../../../shared/schemas/customer';
import { Button, issueLine } from '../../../ui';
import { estimate, estimateError, estimateReach, estimating } from './model';

interface Props {
  envId: string;
  /** The editor's rule as it stands, saved or not: estimated as if it were live. */
  rule: unknown;
}

const n = (x: number) => x.toLocaleString('en-US');
const share = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)} %` : '—');

function Counts({ caption, first, rows, total }: { caption: string; first: string; rows: readonly ReachCount[]; total: number }) {
  if (!rows.length) return null;
  return (
    <div class="table-wrap">
      <table class="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">Accounts</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <code>{r.id}</code>
              </th>
              <td>{n(r.accounts)}</td>
              <td>{share(r.accounts, total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Result({ r }: { r: ReachResponse }) {
  return (
    <div class="stack">
      <p>
        <strong>
          {n(r.eligible)} of {n(r.accounts)} accounts
        </strong>{' '}
        seen in the last 30 days would be eligible today ({share(r.eligible, r.accounts)}): {n(r.shown)} would see it, {n(r.outranked)} get a higher-ranked rule first, {n(r.overBudget)} already had
        their prompts for the day or week.
      </p>
      <p>
        Held out: {n(r.heldOut.rule)} in this rule's holdout, {n(r.heldOut.global)} in the global holdout.
      </p>
      <Counts caption="Eligible accounts by tier" first="Tier" rows={r.tiers} total={r.eligible} />
      <Counts caption="Eligible accounts by variant" first="Variant" rows={r.variants} total={r.eligible} />
      {r.displaced.length ? (
        <Counts caption="Live rules it would displace" first="Live rule" rows={r.displaced} total={r.accounts} />
      ) : (
        <p>It displaces no live rule.</p>
      )}
      <Counts caption="Why the other accounts are not reached" first="Reason" rows={r.missed} total={r.accounts} />
    </div>
  );
}

/** Reach before publishing: how many recent accounts the rule would reach, per tier and variant, and whose place it takes. */
export function Reach({ envId, rule }: Props) {
  const failure = estimateError.value;
  return (
    <section class="card stack" aria-labelledby="reach-title">
      <h2 id="reach-title">Reach</h2>
      <p class="muted">Judged by the engine over every account seen in the last 30 days, with their latest usage, plan and history, as if this rule were live.</p>
      <div class="row">
        <Button variant="primary" busy={estimating.value} busyLabel="Estimating…" onClick={() => void estimateReach(envId, rule)}>
          Estimate reach
        </Button>
      </div>
      {failure ? (
        <div class="notice error" role="alert">
          <p>{failure.message}</p>
          {Object.keys(failure.fieldErrors).length ? (
            <ul>
              {Object.entries(failure.fieldErrors).map(([path, message]) => (
                <li key={path}>{issueLine(path, message)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div aria-live="polite" aria-busy={estimating.value}>
        {estimating.value ? <p role="status">Estimating reach…</p> : estimate.value ? <Result r={estimate.value} /> : null}
      </div>
    </section>
  );
}
