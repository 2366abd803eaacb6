import type { Catalog } from '../../shared/schemas/catalog';
import type { Context, MetricValues } from '../../shared/schemas/context';
import type { Content } from '../../shared/schemas/rule';

/**
 * The v2 corpus's product: Starter (10,000 API calls, 5 seats, 10 projects) → Pro (100,000, 25, 50,
 * scheduled reports and anomaly alerts) → Business (1,000,000, 100, 500, SSO and audit log). Alerts
 * can also be bought as an add-on, and seats in packs of five. Starter accounts of 200 people or
 * more are steered straight to Business.
 */
export const catalog: Catalog = {
  metrics: [
    { id: 'api_calls', name: 'API calls' },
    { id: 'seats', name: 'seats' },
    { id: 'projects', name: 'projects' },
  ],
  features: [
    { id: 'dashboards', name: 'Dashboards' },
    { id: 'scheduled_reports', name: 'Scheduled reports', description: 'Email any dashboard as a PDF every morning.' },
    { id: 'anomaly_alerts', name: 'Anomaly alerts', description: 'Get told the moment a metric moves unusually.' },
    { id: 'sso', name: 'Single sign-on' },
    { id: 'audit_log', name: 'Audit log' },
  ],
  plans: [
    {
      id: 'starter',
      name: 'Starter',
      limits: { api_calls: 10_000, seats: 5, projects: 10 },
      features: ['dashboards'],
      price: { amount: 49, currency: 'USD', interval: 'month' },
    },
    {
      id: 'pro',
      name: 'Pro',
      limits: { api_calls: 100_000, seats: 25, projects: 50 },
      features: ['dashboards', 'scheduled_reports', 'anomaly_alerts'],
      price: { amount: 199, currency: 'USD', interval: 'month' },
      checkoutUrl: '/demo/billing?plan=pro',
    },
    {
      id: 'business',
      name: 'Business',
      limits: { api_calls: 1_000_000, seats: 100, projects: 500 },
      features: ['dashboards', 'scheduled_reports', 'anomaly_alerts', 'sso', 'audit_log'],
      price: { amount: 799, currency: 'USD', interval: 'month' },
      checkoutUrl: '/demo/billing?plan=business',
    },
  ],
  addons: [
    { id: 'alerts', name: 'Alerts add-on', features: ['anomaly_alerts'], checkoutUrl: '/demo/billing?addon=alerts' },
    { id: 'seat-pack', name: 'Five more seats', features: [], limits: { seats: 5 }, checkoutUrl: '/demo/billing?addon=seat-pack' },
  ],
  nextSteps: [
    { from: 'starter', to: 'business', segment: { attr: 'account.traits.employees', op: 'gte', value: 200 } },
    { from: 'starter', to: 'pro' },
    { from: 'pro', to: 'business' },
  ],
  salesUrl: '/demo/contact-sales',
};

/** Plain copy for rules whose trigger has no tiers. */
export const copy = (title: string, body = 'See what you get.', cta = 'Learn more'): Content => ({ title, body, cta });

export interface MemberOptions {
  account?: string;
  plan?: string;
  locale?: string;
  role?: string;
  createdAt?: string;
  health?: number;
  openTickets?: number;
  addons?: string[];
  employees?: number;
  /** Extra account traits. */
  traits?: Record<string, string | number | boolean | null>;
  userTraits?: Record<string, string | number | boolean | null>;
  usage?: MetricValues;
}

/**
 * An admin of a healthy 40-person Starter account that signed up in June 2025: every guard passes,
 * and usage (2,000 calls, 3 seats, 3 projects) is below every threshold. Scenarios change what they
 * are about.
 */
export function member(o: MemberOptions = {}): Context {
  return {
    user: { id: 'corpus-user', role: o.role ?? 'admin', locale: o.locale ?? 'en', ...(o.userTraits && { traits: o.userTraits }) },
    account: {
      id: o.account ?? 'corpus-acct',
      plan: o.plan ?? 'starter',
      createdAt: o.createdAt ?? '2025-06-01T00:00:00Z',
      health: o.health ?? 80,
      openTickets: o.openTickets ?? 0,
      traits: { employees: o.employees ?? 40, industry: 'retail', ...o.traits },
      ...(o.addons && { addons: o.addons }),
    },
    usage: { api_calls: 2000, seats: 3, projects: 3, ...o.usage },
  };
}
