import type { Catalog } from './schemas/catalog';
import type { Rule } from './schemas/rule';

// The example a new environment can start from: the catalog and the two rules of the README's
// "Your own app in five minutes", for a generic B2B SaaS at the placeholder https://app.acme.com.
// The README's walkthrough writes exactly these as JSON (test/e2e/readme-walkthrough.test.ts
// compares them), and they pass the server's lint with no warning (test/shared/examples.test.ts).

/**
 * Three plans (Starter → Pro → Business, with Business first for Starter accounts of 200 people or
 * more), their limits on API calls, seats and projects, a locked feature with a description and a
 * customer's words (automations, from Pro), two more for Business, and a seat pack.
 */
export const exampleCatalog: Catalog = {
  metrics: [
    { id: 'api_calls', name: 'API calls' },
    { id: 'seats', name: 'seats' },
    { id: 'projects', name: 'projects' },
  ],
  features: [
    { id: 'dashboards', name: 'Dashboards', description: 'Charts of every project, shared with your team.' },
    {
      id: 'automations',
      name: 'Automations',
      description: 'Run the steps your team repeats every week on a schedule or when data changes: refresh, export, notify.',
      quote: '“We stopped copying numbers between tools on Monday mornings. Automations do it before anyone is in.” Dana, Head of Operations at Globex',
    },
    { id: 'sso', name: 'SAML single sign-on', description: 'Your people sign in through your identity provider (Okta, Entra ID, Google Workspace).' },
    { id: 'audit_log', name: 'Audit log', description: 'Who changed what and when, kept for a year and exportable.' },
  ],
  plans: [
    {
      id: 'starter',
      name: 'Starter',
      limits: { api_calls: 10_000, seats: 5, projects: 3 },
      features: ['dashboards'],
      price: { amount: 49, currency: 'USD', interval: 'month' },
      checkoutUrl: 'https://app.acme.com/billing/checkout?plan=starter',
    },
    {
      id: 'pro',
      name: 'Pro',
      limits: { api_calls: 100_000, seats: 25, projects: 20 },
      features: ['dashboards', 'automations'],
      price: { amount: 199, currency: 'USD', interval: 'month' },
      checkoutUrl: 'https://app.acme.com/billing/checkout?plan=pro',
    },
    {
      id: 'business',
      name: 'Business',
      limits: { api_calls: 1_000_000, seats: 100, projects: 200 },
      features: ['dashboards', 'automations', 'sso', 'audit_log'],
      price: { amount: 799, currency: 'USD', interval: 'month' },
      checkoutUrl: 'https://app.acme.com/billing/checkout?plan=business',
    },
  ],
  addons: [
    {
      id: 'seat_pack',
      name: 'Seat pack',
      features: [],
      limits: { seats: 5 },
      price: { amount: 40, currency: 'USD', interval: 'month' },
      checkoutUrl: 'https://app.acme.com/billing/checkout?addon=seat_pack',
    },
  ],
  nextSteps: [
    { from: 'starter', to: 'business', segment: { attr: 'account.traits.employees', op: 'gte', value: 200 } },
    { from: 'starter', to: 'pro' },
    { from: 'pro', to: 'business' },
    { from: 'business', to: 'seat_pack' },
  ],
  salesUrl: 'https://app.acme.com/contact-sales',
};

/**
 * The API-call usage ladder: a banner that informs at 70 %, recommends the next step at 85 % and
 * speaks with gentle urgency at 95 % of the plan's limit.
 */
const apiCallsLadder: Rule = {
  id: 'api-calls-ladder',
  name: 'API calls approaching the plan limit',
  status: 'live',
  priority: 100,
  surface: 'banner',
  offer: { type: 'upgrade', plan: 'next' },
  trigger: {
    type: 'usage',
    metric: 'api_calls',
    tiers: [
      {
        id: 'p70',
        at: { percent: 70 },
        tone: 'inform',
        content: {
          title: 'Your team has used {{percent}} of this month’s {{metric}}',
          body: '{{usage}} of {{limit}} so far on {{plan.name}}. You are growing; {{offer.plan.name}} has room for much more when you need it.',
          cta: 'Compare plans',
        },
      },
      {
        id: 'p85',
        at: { percent: 85 },
        tone: 'recommend',
        content: {
          title: '{{percent}} of your {{metric}} used',
          body: '{{usage}} of {{limit}} used: your team is close to outgrowing {{plan.name}}. {{offer.plan.name}} raises the limit and adds automations.',
          cta: 'See {{offer.plan.name}}',
        },
      },
      {
        id: 'p95',
        at: { percent: 95 },
        tone: 'urgent',
        content: {
          title: 'You are about to run out of {{metric}}',
          body: 'Only {{remaining}} {{metric}} left this month. Upgrade to {{offer.plan.name}} now to avoid interruptions.',
          cta: 'Upgrade to {{offer.plan.name}}',
        },
      },
    ],
  },
};

/**
 * The explanation panel of locked automations: what they do and a customer's words (from the
 * catalog), and a 14-day trial on the current plan.
 */
const automationsTrial: Rule = {
  id: 'automations-trial',
  name: 'Locked automations: offer a 14-day trial',
  status: 'live',
  priority: 50,
  surface: 'panel',
  offer: { type: 'trial', feature: 'automations', days: 14 },
  trigger: { type: 'feature', feature: 'automations' },
  content: {
    title: 'Let {{feature.name}} do the weekly chores',
    body: '{{feature.name}} are part of {{offer.plan.name}}. Try them free for {{offer.days}} days on your current plan; nothing changes on your bill.',
    cta: 'Start the {{offer.days}}-day trial',
  },
};

/** The walkthrough's two rules: the usage ladder and the locked-feature panel. */
export const exampleRules: readonly Rule[] = [apiCallsLadder, automationsTrial];
