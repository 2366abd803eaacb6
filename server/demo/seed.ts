import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { ConfigContent } from '../../shared/schemas/config';
import { demoSettings, demoSurfaceRules } from './demo-rules';
import { newIdentitySecret } from '../services/identity-token';
import { publishContent, renderConfig, writeDrafts } from '../services/publishing';
import type { Environment, PublishedConfig } from '../store/config-types';
import type { Store } from '../store/types';

/**
 * The demo host app's catalog and its API-call ladder: Starter → Pro, with a 70 / 85 / 95 % banner.
 * Tests and the decision corpus build on exactly this; the demo environment itself gets
 * `demoAppContent` (below), which adds a rule for every other surface and the demo's settings.
 */
export const demoContent: ConfigContent = {
  catalog: {
    metrics: [
      { id: 'api_calls', name: 'API calls' },
      { id: 'seats', name: 'seats' },
    ],
    features: [
      { id: 'dashboards', name: 'Dashboards' },
      {
        id: 'scheduled_reports',
        name: 'Scheduled reports',
        description: 'Email any dashboard as a PDF every morning.',
        quote: '“The Monday numbers are simply in everyone’s inbox now. Nobody copies charts into slides any more.” Priya, Head of Operations at Initech',
      },
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
    addons: [
      {
        id: 'seat_pack',
        name: 'Seat pack',
        features: [],
        limits: { seats: 5 },
        price: { amount: 40, currency: 'USD', interval: 'month' },
        checkoutUrl: '/demo/billing?addon=seat_pack',
      },
    ],
    nextSteps: [{ from: 'starter', to: 'pro' }],
    salesUrl: '/demo/contact',
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
        // `{{percent}}` renders with its own percent sign, in the reader's locale ("72%", "72 %").
        tiers: [
          {
            id: 'p70',
            at: { percent: 70 },
            tone: 'inform',
            content: {
              title: 'Your team has used {{percent}} of this month’s API calls',
              body: '{{usage}} of {{limit}} {{metric}} so far. You are growing fast; {{offer.plan.name}} gives you 10× the room when you need it.',
              cta: 'Compare plans',
              locales: {
                de: {
                  title: 'Ihr Team hat {{percent}} der API-Aufrufe dieses Monats verbraucht',
                  body: '{{usage}} von {{limit}} API-Aufrufen bisher. Sie wachsen schnell; {{offer.plan.name}} bietet Ihnen zehnmal so viel Spielraum, wenn Sie ihn brauchen.',
                  cta: 'Tarife vergleichen',
                },
                fr: {
                  title: 'Votre équipe a utilisé {{percent}} des appels API de ce mois-ci',
                  body: '{{usage}} appels API sur {{limit}} pour l’instant. Votre croissance est rapide, et {{offer.plan.name}} vous donne dix fois plus de marge quand vous en aurez besoin.',
                  cta: 'Comparer les offres',
                },
              },
            },
          },
          {
            id: 'p85',
            at: { percent: 85 },
            tone: 'recommend',
            content: {
              title: '{{percent}} of your {{metric}} used',
              body: '{{usage}} of {{limit}} used: your team is close to outgrowing {{plan.name}}. {{offer.plan.name}} raises the limit to 100,000 and adds scheduled reports.',
              cta: 'See {{offer.plan.name}}',
              locales: {
                de: {
                  title: '{{percent}} Ihrer API-Aufrufe verbraucht',
                  body: '{{usage}} von {{limit}} verbraucht: Ihr Team wächst bald über {{plan.name}} hinaus. {{offer.plan.name}} hebt das Limit auf 100.000 an und bringt geplante Berichte mit.',
                  cta: '{{offer.plan.name}} ansehen',
                },
                fr: {
                  title: '{{percent}} de vos appels API utilisés',
                  body: '{{usage}} sur {{limit}} utilisés : votre équipe dépassera bientôt {{plan.name}}. {{offer.plan.name}} porte la limite à 100 000 et ajoute les rapports planifiés.',
                  cta: 'Voir {{offer.plan.name}}',
                },
              },
            },
          },
          {
            id: 'p95',
            at: { percent: 95 },
            tone: 'urgent',
            content: {
              title: 'You are about to run out of {{metric}}',
              // `usage.<metric>` and `limits.<metric>` reach any metric of the context, not just the ladder's.
              body: '{{usage.api_calls}} of {{limits.api_calls}} used: only {{remaining}} {{metric}} left this month. Upgrade to {{offer.plan.name}} now to avoid interruptions.',
              cta: 'Upgrade to {{offer.plan.name}}',
              locales: {
                de: {
                  title: 'Ihre API-Aufrufe sind fast aufgebraucht',
                  body: '{{usage.api_calls}} von {{limits.api_calls}} verbraucht: nur noch {{remaining}} API-Aufrufe in diesem Monat. Wechseln Sie jetzt zu {{offer.plan.name}}, um Unterbrechungen zu vermeiden.',
                  cta: 'Zu {{offer.plan.name}} wechseln',
                },
                fr: {
                  title: 'Vous allez bientôt manquer d’appels API',
                  body: '{{usage.api_calls}} sur {{limits.api_calls}} utilisés : plus que {{remaining}} appels API ce mois-ci. Passez à {{offer.plan.name}} dès maintenant pour éviter toute interruption.',
                  cta: 'Passer à {{offer.plan.name}}',
                },
              },
            },
          },
        ],
      },
    },
  ],
};

/**
 * What the demo environment publishes: the catalog and ladder above, a rule for every other
 * surface (a seats toast, an export modal, a billing-page card, two locked-feature panels), and
 * a budget generous enough for one visitor to meet them all.
 */
export const demoAppContent: ConfigContent = {
  catalog: demoContent.catalog,
  rules: [...demoContent.rules, ...demoSurfaceRules],
  settings: demoSettings,
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
 * half way, or a deleted keys file, leaves a demo that still works. The demo gets an identity
 * secret, with verification off, for its backend to sign tokens for trials and admin requests.
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
    await writeDrafts(store, demo.id, demoAppContent);
    await publish(store, demo.id, demoAppContent);
  }
  // The demo app's backend signs its people's identity tokens (routes/demo-backend.ts), so its
  // trials and requests to the admins are verified, as every environment's are by default. Left
  // off: events and state reads of the pages tests build on the demo environment take no token.
  // A demo made before actions needed a verified person gets its secret here, on the next start.
  if (!(await store.getIdentitySettings(demo.id))) {
    await store.putIdentitySettings(demo.id, { required: false, unverifiedActions: false }, newIdentitySecret(), Date.now());
  }
  return { environmentId: demo.id, publishableKey: demo.publishableKey, secretKey, created };
}
