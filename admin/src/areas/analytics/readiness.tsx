import { useEffect, useState } from 'preact/hooks';
import type { ReadinessAnswer } from '../../../../shared/schemas/analytics';
import { Button, Empty, Loaded, Select, TextField } from '../../ui';
import { BANDS } from './constants';
import { count } from './format';
import type { ViewProps } from './index';
import { analyticsPath, loadReadiness, readiness } from './model';
import { ReadinessTable } from './readiness-table';
import type { AnalyticsState } from './url-state';

/** Rows per page of the list. */
export const PAGE_SIZE = 50;

/** The filters and sort as the endpoint takes them. */
export const readinessParams = (s: AnalyticsState) => ({ band: s.band, fixFirst: s.fixFirst, plan: s.plan, q: s.q, sort: s.sort });

/** The customer-success list: accounts by readiness, filtered, sorted, paged, each with the signals behind its score. */
export function ReadinessView({ envId, state, set }: ViewProps) {
  const params = readinessParams(state);
  useEffect(() => void loadReadiness(envId, { ...params, limit: PAGE_SIZE, offset: (state.page - 1) * PAGE_SIZE }), [envId, state.band, state.fixFirst, state.plan, state.q, state.sort, state.page]);
  const csv = analyticsPath(envId, 'readiness', { ...params, format: 'csv' });
  return (
    <section aria-labelledby="analytics-readiness">
      <div class="spread">
        <h2 id="analytics-readiness">Expansion readiness</h2>
        <a class="btn" href={csv} download>
          Download CSV
        </a>
      </div>
      <ReadinessFilters key={`${state.plan}|${state.q}`} state={state} onApply={(change) => set({ ...change, page: 1 })} />
      <Loaded resource={readiness} what="the readiness list">
        {(answer) => <List answer={answer} state={state} set={set} />}
      </Loaded>
    </section>
  );
}

type Filters = Pick<AnalyticsState, 'band' | 'fixFirst' | 'plan' | 'q'>;

function ReadinessFilters({ state, onApply }: { state: AnalyticsState; onApply: (f: Partial<Filters>) => void }) {
  const [text, setText] = useState({ plan: state.plan, q: state.q });
  return (
    <form
      class="card"
      role="search"
      aria-label="Filter accounts"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(text);
      }}
    >
      <div class="row">
        <Select label="Band" value={state.band} onValue={(band) => onApply({ band: band as Filters['band'] })} options={[{ value: '', label: 'Any band' }, ...BANDS]} />
        <Select
          label="Fix first"
          value={state.fixFirst}
          onValue={(fixFirst) => onApply({ fixFirst: fixFirst as Filters['fixFirst'] })}
          options={[
            { value: '', label: 'All accounts' },
            { value: 'true', label: 'Only "fix first"' },
            { value: 'false', label: 'Without "fix first"' },
          ]}
        />
        <TextField label="Plan" value={text.plan} onValue={(plan) => setText((t) => ({ ...t, plan }))} />
        <TextField label="Search accounts" type="search" value={text.q} onValue={(q) => setText((t) => ({ ...t, q }))} />
        <Button type="submit">Apply</Button>
      </div>
    </form>
  );
}

function List({ answer, state, set }: { answer: ReadinessAnswer; state: AnalyticsState; set: ViewProps['set'] }) {
  const { bands } = answer;
  const first = (state.page - 1) * PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(answer.total / PAGE_SIZE));
  return (
    <>
      <dl class="stat-tiles">
        {BANDS.map((b) => (
          <div key={b.value}>
            <dt>{b.label}</dt>
            <dd>{count(bands[b.value])}</dd>
          </div>
        ))}
        <div>
          <dt>Fix first</dt>
          <dd>{count(bands.fixFirst)}</dd>
        </div>
      </dl>
      {answer.accounts.length === 0 && answer.total > 0 ? (
        <Empty>
          This page is past the end of the list.{' '}
          <Button onClick={() => set({ page: 1 })}>Go to the first page</Button>
        </Empty>
      ) : answer.accounts.length === 0 ? (
        <Empty>
          {answer.total === 0 && !state.band && !state.fixFirst && !state.plan && !state.q
            ? 'No account has a readiness score yet: scores appear once the widget identifies accounts with usage and limits.'
            : 'No account matches these filters.'}
        </Empty>
      ) : (
        <>
          <ReadinessTable accounts={answer.accounts} sort={state.sort} onSort={(sort) => set({ sort, page: 1 })} caption={`Accounts ${count(first + 1)}–${count(first + answer.accounts.length)} of ${count(answer.total)}`} />
          <nav class="row pager" aria-label="Pages of accounts">
            <Button disabled={state.page <= 1} onClick={() => set({ page: state.page - 1 })}>
              Previous page
            </Button>
            <span>
              Page {state.page} of {pages}
            </span>
            <Button disabled={state.page >= pages} onClick={() => set({ page: state.page + 1 })}>
              Next page
            </Button>
          </nav>
        </>
      )}
    </>
  );
}
