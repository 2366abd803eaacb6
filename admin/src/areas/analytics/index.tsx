import { navigate, path } from '../../router';
import { Empty, PageHeading } from '../../ui';
import { Tabs } from '../common/Tabs';
import type { AreaProps } from '../types';
import { ExperimentsView } from './experiments';
import { FunnelView } from './funnel';
import { OverviewView } from './overview';
import { RangeForm } from './range-form';
import { ReadinessView } from './readiness';
import { RevenueView } from './revenue';
import { effectiveRange, readState, VIEWS, writeState, type AnalyticsState } from './url-state';
import '../common/areas.css';
import './analytics.css';

/** What every view gets: the environment, the URL's state, the range it names, and the way to change the URL. */
export interface ViewProps {
  envId: string;
  state: AnalyticsState;
  range: { from: string; to: string };
  set: (change: Partial<AnalyticsState>) => void;
}

/**
 * `/admin/env/:env/analytics`: the scoreboard. One range for every view, the view and each choice in
 * the URL (`?view=experiments&mode=fixed`). Viewers read it like everyone else.
 */
export default function Analytics({ env }: AreaProps) {
  const url = path.value;
  const state = readState(url);
  if (!env) {
    return (
      <>
        <PageHeading title="Analytics" />
        <Empty>Choose an environment to see its analytics.</Empty>
      </>
    );
  }
  const set = (change: Partial<AnalyticsState>) => {
    // Replace, not push: Back leaves the page instead of stepping through every filter.
    navigate(writeState(url.split('?')[0] ?? url, { ...state, ...change }), { replace: true, force: true });
  };
  const range = effectiveRange(state, Date.now());
  const props: ViewProps = { envId: env.id, state, range, set };
  const render = { overview: OverviewView, funnel: FunnelView, experiments: ExperimentsView, revenue: RevenueView, readiness: ReadinessView };
  return (
    <>
      <PageHeading title="Analytics" />
      {state.view === 'readiness' ? null : <RangeForm key={`${range.from}|${range.to}`} from={range.from} to={range.to} now={Date.now()} onApply={(r) => set({ ...r, page: 1 })} />}
      <Tabs
        label="Analytics views"
        tabs={VIEWS.map((v) => {
          const View = render[v.value];
          return { id: v.value, label: v.label, render: () => <View {...props} /> };
        })}
        selected={state.view}
        onSelect={(view) => set({ view: view as AnalyticsState['view'] })}
      />
    </>
  );
}
