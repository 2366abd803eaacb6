import { PageHeading } from '../../ui';
import type { AreaProps } from '../types';

/** Placeholder: says plainly what the analytics page will show, so nobody hunts for it elsewhere. */
export default function Analytics({ env }: AreaProps) {
  return (
    <>
      <PageHeading title="Analytics" />
      <div class="notice">
        <p>
          <strong>Analytics is coming in a later release.</strong> Events are already being recorded{env ? ` for ${env.name}` : ''}, so the numbers will be there when this page arrives.
        </p>
      </div>
      <section class="card" aria-labelledby="analytics-coming">
        <h2 id="analytics-coming">What this page will show</h2>
        <ul>
          <li>
            <strong>Funnel per rule</strong>: exposures, impressions, clicks, dismissals and conversions, per variant.
          </li>
          <li>
            <strong>Lift against the holdout</strong>: how much more revenue the accounts that saw a rule brought than those held back.
          </li>
          <li>
            <strong>NRR and GRR</strong>: net and gross revenue retention, with the expansion Upshift's prompts earned.
          </li>
          <li>
            <strong>Expansion readiness</strong>: which accounts are close to a limit or use features their plan lacks.
          </li>
        </ul>
        <p class="muted">Until then, the API serves the same figures at <code>/v1/analytics/*</code> with a secret key.</p>
      </section>
    </>
  );
}
