import type { DeclinesAnswer, ExperimentsAnswer, FunnelAnswer, ReadinessAnswer, RevenueAnswer } from '../../../../shared/schemas/analytics';
import { api, envPath } from '../../api';
import { resource } from '../../model/resource';

// The Analytics area's model: one resource per endpoint. Each load names its request as the key, so
// figures of another range, rule or environment never show under the new choice while it loads.

export const funnel = resource<FunnelAnswer>();
/** The funnel view's own answer: it asks for one rule broken down, the overview for everything. */
export const ruleFunnel = resource<FunnelAnswer>();
export const declines = resource<DeclinesAnswer>();
export const experiments = resource<ExperimentsAnswer>();
export const revenue = resource<RevenueAnswer>();
export const readiness = resource<ReadinessAnswer>();

type Params = Record<string, string | number | undefined>;

/** The query string of `params`, empty values left out (absent parameters take the server's defaults). */
export function queryOf(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** `/v1/admin/environments/:env/analytics/<part>?…`: the session's way to `GET /v1/analytics/<part>`. */
export const analyticsPath = (envId: string, part: string, params: Params): string => envPath(envId, `analytics/${part}${queryOf(params)}`);

const loader =
  <T>(r: ReturnType<typeof resource<T>>, part: string) =>
  (envId: string, params: Params): Promise<void> => {
    const path = analyticsPath(envId, part, params);
    return r.load(() => api<T>('GET', path), path);
  };

export const loadFunnel = loader(funnel, 'funnel');
export const loadRuleFunnel = loader(ruleFunnel, 'funnel');
export const loadDeclines = loader(declines, 'declines');
export const loadExperiments = loader(experiments, 'experiments');
export const loadRevenue = loader(revenue, 'revenue');
export const loadReadiness = loader(readiness, 'readiness');
