import { Hono, type Context } from 'hono';
import type { Auditor } from '../../../services/audit';
import type { LoginLimiter } from '../../../services/auth/login-limiter';
import { requireSession, sameOriginWrites, type SessionDeps, type SessionEnv } from '../../../services/auth/sessions';
import type { ActivityTracker } from '../../../services/installation';
import { sessionAccess, type ScopedDeps } from '../../middleware/access';
import type { DestinationPolicy } from '../../../services/webhooks/outbound';
import type { Deliverer } from '../../../services/webhooks/deliver';
import type { Logger } from '../../errors';
import type { Mailer } from '../../../infra/mail/message';
import { catalogRoutes } from '../catalog';
import { accountRoutes, previewRoutes, reachRoutes } from '../customers';
import { identityRoutes } from '../identity';
import { ruleRoutes } from '../rules';
import { ruleOverviewRoutes } from '../rule-overview';
import { analyticsRoutes } from '../analytics';
import { settingsRoutes } from '../settings';
import { stripeSecretRoutes } from '../stripe';
import { changeRoutes } from '../changes';
import { exportRoutes, importRoutes } from '../transfer';
import { publishRoutes, versionRoutes } from '../versions';
import { webhookRoutes } from '../webhooks';
import { auditRoutes } from './audit';
import { authRoutes } from './auth';
import { environmentRoutes } from './environments';
import { peopleRoutes } from './people';
import { promoteRoutes } from './promote';

export interface AdminDeps {
  sessions: SessionDeps;
  audit: Auditor;
  limiter: LoginLimiter;
  activity: ActivityTracker;
  setupToken?: string | undefined;
  selfOrigin: (c: Context) => string;
  destinations: DestinationPolicy;
  deliverer: Deliverer;
  mailer?: Mailer | undefined;
  logger: Logger;
}

/**
 * The console's API, `/v1/admin/…`: sign-in and setup, then (behind a session, and CSRF on every
 * change) people, environments, the audit log, and each environment's drafts, publishing,
 * versions and secrets. Those are the secret-key API's own routes, built over `sessionAccess`:
 * one code path, two ways in.
 */
export function adminRoutes(deps: AdminDeps) {
  const { sessions, audit } = deps;
  const { store, clock } = sessions;
  const app = new Hono();
  app.use('*', sameOriginWrites(deps.selfOrigin));
  app.route('/', authRoutes({ sessions, audit, limiter: deps.limiter, setupToken: deps.setupToken }));

  const authed = new Hono<SessionEnv>();
  authed.use('*', requireSession(sessions));
  authed.route('/', peopleRoutes({ store, clock, audit, consoleOrigin: deps.selfOrigin, mailer: deps.mailer, logger: deps.logger }));
  const scoped: ScopedDeps = { store, clock, access: sessionAccess(store), audit };
  const env = '/environments/:env';
  authed.route(`${env}/rules`, ruleRoutes(scoped));
  authed.route(`${env}/rule-overview`, ruleOverviewRoutes(scoped));
  authed.route(`${env}/analytics`, analyticsRoutes(scoped));
  authed.route(`${env}/catalog`, catalogRoutes(scoped));
  authed.route(`${env}/settings`, settingsRoutes(scoped));
  authed.route(`${env}/publish`, publishRoutes(scoped));
  authed.route(`${env}/versions`, versionRoutes(scoped));
  authed.route(`${env}/changes`, changeRoutes(scoped));
  authed.route(`${env}/export`, exportRoutes(scoped));
  authed.route(`${env}/import`, importRoutes(scoped));
  authed.route(`${env}/identity`, identityRoutes(scoped));
  authed.route(`${env}/webhooks`, webhookRoutes(scoped, deps.destinations, deps.deliverer));
  authed.route(`${env}/stripe-secret`, stripeSecretRoutes(scoped));
  authed.route(`${env}/promote`, promoteRoutes(scoped));
  authed.route(`${env}/accounts`, accountRoutes(scoped));
  authed.route(`${env}/preview`, previewRoutes(scoped));
  authed.route(`${env}/reach`, reachRoutes(scoped));
  authed.route('/environments', environmentRoutes({ store, clock, audit, activity: deps.activity, selfOrigin: deps.selfOrigin }));
  authed.route('/audit', auditRoutes(store));
  app.route('/', authed);
  return app;
}
