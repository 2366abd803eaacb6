import { describe, expect, it } from 'vitest';
import { gate } from '../../shared/engine/gate';
import { context, demoCatalog } from './fixtures';

describe('gate', () => {
  const catalog = demoCatalog();
  catalog.plans.push({ id: 'enterprise', name: 'Enterprise', limits: {}, features: ['dashboards', 'scheduled_reports', 'anomaly_alerts'] });

  it.each([
    ['a feature the plan lacks, offered on the next step', 'starter', 'scheduled_reports', { locked: true, plan: { id: 'pro', name: 'Pro' } }],
    ['a feature the plan includes', 'starter', 'dashboards', { locked: false, plan: null }],
    ['a feature the top plan includes', 'pro', 'anomaly_alerts', { locked: false, plan: null }],
    ['an unknown feature, left open', 'starter', 'teleport', { locked: false, plan: null }],
    ['a plan not in the catalog: locked, first plan that has it', 'legacy', 'scheduled_reports', { locked: true, plan: { id: 'pro', name: 'Pro' } }],
  ])('%s', (_name, plan, feature, expected) => {
    expect(gate(catalog, context(0, { plan }), feature)).toEqual(expected);
  });

  it('offers the first plan that includes the feature when the next step does not', () => {
    const c = demoCatalog();
    c.features.push({ id: 'sso', name: 'SSO' });
    c.plans.push({ id: 'enterprise', name: 'Enterprise', limits: {}, features: ['sso'] });
    expect(gate(c, context(0), 'sso')).toEqual({ locked: true, plan: { id: 'enterprise', name: 'Enterprise' } });
  });

  it('reports a locked feature no plan includes with no plan to offer', () => {
    const c = demoCatalog();
    c.features.push({ id: 'beta', name: 'Beta' });
    expect(gate(c, context(0), 'beta')).toEqual({ locked: true, plan: null });
  });
});
