import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { ConfigContent } from '../shared/schemas/config';
import { publishContent, renderConfig, writeDrafts } from './publishing';
import type { Environment, PublishedConfig, Store } from './store/types';

/** The demo host app's catalog and rules: Starter → Pro, with a 70 / 85 / 95 % API-call ladder. */
export const demoContent: ConfigContent = {
  catalog: {
    metrics: [
      { id: 'api_calls', name: 'API calls' },
      { id: 'seats', name: 'seats' },
    ],
    features: [
      { id: 'dashboards', name: 'Dashboards' },
      { id: 'scheduled_reports', name: 'Scheduled reports', description: 'Email any dashboard as a PDF every morning.' },
      { id: 'anomaly_alerts', name: 'Anomaly alerts', description: 'Get told the moment a metric moves unusually.' },
    ],
    plans: [
      {
        id: 'starter',
        name: 'Starter',
        limits: { api_calls: 10_000, seats: 5 },
        features: ['dashboards'],
        price: { amount: 49, currency: 'USD', interval: 'month' },
      },
      {
        id: 'pro',
        name: 'Pro',
        limits: { api_calls: 100_000, seats: 25 },
        features: ['dashboards', 'scheduled_reports', 'anomaly_alerts'],
        price: { amount: 199, currency: 'USD', interval: 'month' },
        checkoutUrl: '/demo/billing?plan=pro',
      },
    ],
    nextSteps: [{ from: 'starter', to: 'pro' }],
  },
  rules: [
    {
      id: 'api-usage-ladder',
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
              title: 'Your team has used {{percent}}% of this month’s API calls',
              body: '{{usage}} of {{limit}} {{metric}} so far. You are growing fast; {{offer.plan.name}} gives you 10× the room when you need it.',
              cta: 'Compare plans',
            },
          },
          {
            id: 'p85',
            at: { percent: 85 },
            tone: 'recommend',
            content: {
              title: '{{percent}}% of your {{metric}} used',
              body: '{{usage}} of {{limit}} used: your team is close to outgrowing Starter. {{offer.plan.name}} raises the limit to 100,000 and adds scheduled reports.',
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
    },
  ],
};

export { renderConfig };

/** Publishes `content` as a new version (it must be valid) without touching the drafts. */
export async function publish(store: Store, environmentId: string, content: ConfigContent): Promise<PublishedConfig> {
  return publishContent(store, environmentId, content);
}

const SavedKeys = z.object({ environmentId: z.string(), publishableKey: z.string(), secretKey: z.string() });

export const DEMO_ENVIRONMENT = 'Demo';

export interface DemoEnvironment {
  environmentId: string;
  publishableKey: string;
  /** Null when the keys file beside the database is gone or belongs to another environment. */
  secretKey: string | null;
  created: boolean;
}

function savedSecret(keysFile: string, environmentId: string): string | null {
  try {
    const saved = SavedKeys.safeParse(JSON.parse(readFileSync(keysFile, 'utf8')));
    return saved.success && saved.data.environmentId === environmentId ? saved.data.secretKey : null;
  } catch {
    return null;
  }
}

/**
 * Makes sure a fresh installation has a published demo environment. It is created only on an
 * empty database; an installation with environments of its own gets no demo. The database keeps
 * only a hash of the secret key, so the demo's keys are also written to `keysFile` (mode 0600)
 * beside the database for `npm start` to print again. Each step is repeatable: a start that died
 * half way, or a deleted keys file, leaves a demo that still works.
 */
export async function ensureDemo(store: Store, keysFile: string): Promise<DemoEnvironment | null> {
  const environments = await store.listEnvironments();
  let demo = environments.find((e: Environment) => e.name === DEMO_ENVIRONMENT);
  let secretKey: string | null;
  let created = false;
  if (demo) {
    secretKey = existsSync(keysFile) ? savedSecret(keysFile, demo.id) : null;
  } else {
    if (environments.length > 0) return null;
    const fresh = await store.createEnvironment({ name: DEMO_ENVIRONMENT, allowedOrigins: ['http://localhost:*', 'http://127.0.0.1:*'] });
    demo = fresh.environment;
    secretKey = fresh.secretKey;
    created = true;
    const keys = { environmentId: demo.id, publishableKey: demo.publishableKey, secretKey };
    writeFileSync(keysFile, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
    chmodSync(keysFile, 0o600);
  }
  if (!(await store.getLiveConfig(demo.id))) {
    await writeDrafts(store, demo.id, demoContent);
    await publish(store, demo.id, demoContent);
  }
  return { environmentId: demo.id, publishableKey: demo.publishableKey, secretKey, created };
}
