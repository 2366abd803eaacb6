import { describe, expect, it } from 'vitest';
import { gate } from '../../shared/engine/gate';
import type { Catalog } from '../../shared/schemas/catalog';
import { NOW, config, context, ctx, demoCatalog, cfg } from './fixtures';

const withCatalog = (catalog: Catalog) => config({ catalog, rules: [] });

describe('gate', () => {
  const catalog = demoCatalog();
  catalog.plans.push({ id: 'enterprise', name: 'Enterprise', limits: {}, features: ['dashboards', 'scheduled_reports', 'anomaly_alerts'] });
  const c = withCatalog(catalog);

  it.each([
    ['a feature the plan lacks, offered on the next step', 'starter', 'scheduled_reports', { locked: true, plan: { id: 'pro', name: 'Pro' } }],
    ['a feature the plan includes', 'starter', 'dashboards', { locked: false, plan: null }],
    ['a feature the top plan includes', 'pro', 'anomaly_alerts', { locked: false, plan: null }],
    ['an unknown feature, left open', 'starter', 'teleport', { locked: false, plan: null }],
    ['a plan not in the catalog: locked, first plan that has it', 'legacy', 'scheduled_reports', { locked: true, plan: { id: 'pro', name: 'Pro' } }],
  ])('%s', (_name, plan, feature, expected) => {
    expect(gate(c, context(0, { plan }), feature, NOW)).toEqual(expected);
  });

  it('offers the first plan that includes the feature when the next step does not', () => {
    const cat = demoCatalog();
    cat.features.push({ id: 'sso', name: 'SSO' });
    cat.plans.push({ id: 'enterprise', name: 'Enterprise', limits: {}, features: ['sso'] });
    expect(gate(withCatalog(cat), context(0), 'sso', NOW)).toEqual({ locked: true, plan: { id: 'enterprise', name: 'Enterprise' } });
  });

  it('reports a locked feature no plan includes with no plan to offer', () => {
    const cat = demoCatalog();
    cat.features.push({ id: 'beta', name: 'Beta' });
    expect(gate(withCatalog(cat), context(0), 'beta', NOW)).toEqual({ locked: true, plan: null });
  });

  it.each([
    { name: 'an owned add-on unlocks its feature', addons: ['audit'], feature: 'audit_log', expected: { locked: false, plan: null } },
    { name: 'without the add-on the feature is locked and no plan includes it', addons: [], feature: 'audit_log', expected: { locked: true, plan: null } },
    { name: 'a segment picks the next step that includes the feature', addons: [], feature: 'sso', traits: { employees: 500 }, expected: { locked: true, plan: { id: 'business', name: 'Business' } } },
  ])('$name', ({ addons, feature, traits, expected }) => {
    expect(gate(cfg([]), ctx({ addons, ...(traits && { traits }) }), feature, NOW)).toEqual(expected);
  });
});
