import { DeclinesAnswer, DeclinesQuery, ExperimentsAnswer, ExperimentsQuery, FunnelAnswer, FunnelQuery, ReadinessAnswer, ReadinessQuery, RevenueAnswer, RevenueQuery } from '../../../shared/schemas/analytics';
import type { ScopedResource } from './scoped';

const RANGE = 'Days are `YYYY-MM-DD` in UTC; without `from`/`to` the last 30 days.';

/** The scoreboard (viewer or above): read-only, a secret key or a console session. */
export const analyticsResources: readonly ScopedResource[] = [
  {
    base: '/analytics/funnel',
    tag: 'Analytics',
    specs: [{ method: 'get', path: '', id: 'getFunnel', summary: 'Funnel: exposure to conversion, per rule', description: RANGE, params: { query: FunnelQuery }, ok: { 200: { description: 'The funnel', schema: FunnelAnswer } }, errors: [400] }],
  },
  {
    base: '/analytics/declines',
    tag: 'Analytics',
    specs: [{ method: 'get', path: '', id: 'getDeclines', summary: 'Why people turned prompts down', description: RANGE, params: { query: DeclinesQuery }, ok: { 200: { description: 'Reasons and notes', schema: DeclinesAnswer } }, errors: [400] }],
  },
  {
    base: '/analytics/experiments',
    tag: 'Analytics',
    specs: [{ method: 'get', path: '', id: 'getExperiments', summary: 'Experiment arms, holdouts and lift', description: RANGE, params: { query: ExperimentsQuery }, ok: { 200: { description: 'Each experiment with its estimates', schema: ExperimentsAnswer } }, errors: [400] }],
  },
  {
    base: '/analytics/revenue',
    tag: 'Analytics',
    specs: [{ method: 'get', path: '', id: 'getRevenue', summary: 'MRR movements, NRR and GRR by month', description: 'Months are `YYYY-MM`. Money is in integer minor units.', params: { query: RevenueQuery }, ok: { 200: { description: 'The report', schema: RevenueAnswer } }, errors: [400] }],
  },
  {
    base: '/analytics/readiness',
    tag: 'Analytics',
    specs: [{ method: 'get', path: '', id: 'getReadiness', summary: 'Accounts ready to expand, with their signals', params: { query: ReadinessQuery }, ok: { 200: { description: 'Accounts by readiness', schema: ReadinessAnswer } }, errors: [400] }],
  },
];
