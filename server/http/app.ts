import { Hono, type Context } from 'hono';
import { emptyAssets, type Assets } from './assets';
import { consoleLogger, notFound, onError, type Logger } from './errors';
import { adminRequestRoutes } from './routes/admin-requests';
import { catalogRoutes } from './routes/catalog';
import { accountRoutes, previewRoutes, reachRoutes } from './routes/customers';
import { configRoutes } from './routes/config';
import { configFastPath } from './routes/config-fast';
import { configAnswers } from './routes/config-answer';
import { conversionRoutes } from './routes/conversions';
import { decideRoutes } from './routes/decide';
import { demoBackendRoutes } from './routes/demo-backend';
import { eventRoutes } from './routes/events';
import { maxBody } from './middleware/max-body';
import { securityHeaders } from './middleware/security-headers';
import { DEFAULT_RATE_LIMIT, fixedWindows, rateLimit, type RateLimitOptions } from './middleware/rate-limit';
import { healthRoutes } from './routes/health';
import { openApiRoutes } from './openapi';
import { identityRoutes } from './routes/identity';
import { pageRoutes } from './routes/pages';
import { ruleRoutes } from './routes/rules';
import { ruleOverviewRoutes } from './routes/rule-overview';
import { analyticsRoutes } from './routes/analytics';
import { settingsRoutes } from './routes/settings';
import { stateRoutes } from './routes/state';
import { stripeRoutes } from './routes/stripe';
import { trialRoutes } from './routes/trials';
import { webhookRoutes } from './routes/webhooks';
import { changeRoutes } from './routes/changes';
import { exportRoutes, importRoutes } from './routes/transfer';
import { publishRoutes, versionRoutes } from './routes/versions';
import type { Store } from '../store/types';
import { auditor } from '../services/audit';
import { DEFAULT_LOGIN_LIMITS, loginLimiter, type LoginLimits } from '../services/auth/login-limiter';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../services/auth/sessions';
import { activityTracker, type ActivityTracker } from '../services/installation';
import { keyAccess, type ScopedDeps } from './middleware/access';
import { selfOrigin } from './middleware/publishable-key';
import { adminRoutes } from './routes/admin';
import { stripeSecretRoutes } from './routes/stripe';
import { createDeliverer, type Deliverer } from '../services/webhooks/deliver';
import type { DestinationPolicy } from '../services/webhooks/outbound';
import type { Mailer } from '../infra/mail/message';

/** The largest body any API route reads (a big catalog or rule fits well within it). */
export const MAX_API_BODY_BYTES = 1024 * 1024;
const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AppDeps {
  store: Store;
  /** Epoch ms; injected so tests control time. */
  clock?: () => number;
  logger?: Logger;
  /** Built widget and pages; tests of the API alone leave them out. */
  assets?: Assets;
  /** Publishable key the `/demo` page embeds. */
  demoKey?: string | undefined;
  /**
   * The URL browsers reach this server at, when a proxy in front changes scheme or host
   * (`UPSHIFT_PUBLIC_URL`). When it is https, every answer carries `Strict-Transport-Security`.
   */
  publicUrl?: string | undefined;
  version?: string;
  /**
   * Sends queued webhooks. Without one, the app makes one over the app's clock, real timers and
   * `webhooks`; it only sends when an environment has an endpoint, and never keeps the process alive.
   */
  deliverer?: Deliverer;
  /**
   * Where webhooks may go, checked when an endpoint is saved (and by the default deliverer when
   * sending; an injected deliverer must be given the same policy). Default: public addresses only;
   * `allowPrivate` (`UPSHIFT_WEBHOOK_ALLOW_PRIVATE=1`) adds loopback and private networks.
   */
  webhooks?: DestinationPolicy;
  /**
   * Requests per window for one publishable key from one client address, on the routes that act
   * for a person (events, state, trials, admin requests); `false` turns the limit off. Default 600 a minute.
   */
  rateLimit?: RateLimitOptions | false;
  /** Behind exactly one reverse proxy: take the client address from the last `X-Forwarded-For` entry. */
  trustProxy?: boolean;
  /** Console session timeouts. Default: 12 hours idle, 7 days in all. */
  sessions?: SessionPolicy;
  /** Failed console sign-ins allowed per email and per address. Default: 10 and 50 in 15 minutes. */
  loginLimits?: LoginLimits;
  /** The one-time token that makes the first owner at `/admin/setup` while nobody has access yet. */
  setupToken?: string | undefined;
  /** Per-origin config fetches and events for the installation check; the default flushes every 10 s once started. */
  activity?: ActivityTracker;
  /** Mails invite links (`UPSHIFT_SMTP_URL`); without one, the owner passes each link on by hand. */
  mailer?: Mailer | undefined;
}

/**
 * Behind the one trusted proxy that terminates TLS (`X-Forwarded-Proto: https`), the origin the
 * browser is on; undefined otherwise (the request's own origin then stands).
 */
function forwardedOrigin(c: Context, trustProxy: boolean): string | undefined {
  if (!trustProxy || c.req.header('x-forwarded-proto') !== 'https') return undefined;
  return new URL(c.req.url).origin.replace(/^http:/, 'https:');
}

/** Builds the whole HTTP surface over injected dependencies; `app.request()` exercises it without a socket. */
export function createApp(deps: AppDeps) {
  const { store, clock = Date.now, logger = consoleLogger, assets = emptyAssets(), version = '0.0.0' } = deps;
  const webhooks = deps.webhooks ?? { allowPrivate: false };
  const deliverer = deps.deliverer ?? createDeliverer({ store, clock, logger, destinations: webhooks });
  const publicUrl = deps.publicUrl ? new URL(deps.publicUrl) : undefined;
  const trustProxy = deps.trustProxy ?? false;
  const activity = deps.activity ?? activityTracker(store, clock, logger);
  const keys = { store, publicOrigin: publicUrl?.origin, clock, activity };
  const audit = auditor(store, clock, trustProxy, logger);
  const keyScoped: ScopedDeps = { store, clock, access: keyAccess(store, clock), audit };
  // GET /v1/config is left out: the same cacheable bytes for everyone, meant to sit behind a CDN.
  const limits = deps.rateLimit ?? DEFAULT_RATE_LIMIT;
  const personKeys = { ...keys, limiter: limits ? rateLimit(fixedWindows(limits), limits, clock, trustProxy) : undefined };
  const app = new Hono();
  app.onError(onError(logger));
  app.notFound(notFound);
  const https = publicUrl?.protocol === 'https:';
  const answerFor = configAnswers({ https });
  // Before every middleware: the widget's config fetch, the hottest route, answers from
  // precomputed bytes and headers, and passes on whatever it does not answer itself.
  const fastConfig = configFastPath(keys, answerFor);
  app.get('/v1/config', fastConfig.middleware);
  app.use(securityHeaders({ https }));
  // No API body is read unbounded, secret-key routes included; routes that take less say so themselves.
  // Reads are let through by method: touching a GET's body would make the Node adapter build a
  // full Request, which doubled the cost of GET /v1/config.
  const apiBody = maxBody(MAX_API_BODY_BYTES, `A request body may be at most ${MAX_API_BODY_BYTES} bytes`);
  app.use('/v1/*', (c, next) => (BODYLESS.has(c.req.method) ? next() : apiBody(c, next)));
  app.route('/healthz', healthRoutes(store, version));
  app.route('/v1/openapi.json', openApiRoutes(version));
  app.route('/v1/config', configRoutes(keys, answerFor));
  app.route('/v1/events', eventRoutes(personKeys, clock));
  app.route('/v1/state', stateRoutes(personKeys, clock, deliverer));
  app.route('/v1/trials', trialRoutes(personKeys, clock, deliverer));
  app.route('/v1/admin-requests', adminRequestRoutes(personKeys, clock, deliverer));
  app.route('/v1/identity', identityRoutes(keyScoped));
  app.route('/v1/webhooks/stripe/secret', stripeSecretRoutes(keyScoped));
  app.route('/v1/webhooks/stripe', stripeRoutes(store, clock));
  app.route('/v1/webhooks', webhookRoutes(keyScoped, webhooks, deliverer));
  app.route('/v1/conversions', conversionRoutes(store, clock));
  app.route('/v1/decide', decideRoutes(store, clock));
  app.route('/v1/rules', ruleRoutes(keyScoped));
  app.route('/v1/rule-overview', ruleOverviewRoutes(keyScoped));
  app.route('/v1/analytics', analyticsRoutes(keyScoped));
  app.route('/v1/catalog', catalogRoutes(keyScoped));
  app.route('/v1/settings', settingsRoutes(keyScoped));
  app.route('/v1/publish', publishRoutes(keyScoped));
  app.route('/v1/versions', versionRoutes(keyScoped));
  app.route('/v1/changes', changeRoutes(keyScoped));
  app.route('/v1/export', exportRoutes(keyScoped));
  app.route('/v1/import', importRoutes(keyScoped));
  app.route('/v1/accounts', accountRoutes(keyScoped));
  app.route('/v1/preview', previewRoutes(keyScoped));
  app.route('/v1/reach', reachRoutes(keyScoped));
  app.route(
    '/v1/admin',
    adminRoutes({
      sessions: { store, clock, policy: deps.sessions ?? DEFAULT_SESSION_POLICY, https: publicUrl?.protocol === 'https:', trustProxy },
      audit,
      limiter: loginLimiter(deps.loginLimits ?? DEFAULT_LOGIN_LIMITS, clock),
      activity,
      setupToken: deps.setupToken,
      selfOrigin: (c) => selfOrigin(c, publicUrl?.origin ?? forwardedOrigin(c, trustProxy)),
      destinations: webhooks,
      deliverer,
      mailer: deps.mailer,
      logger,
    }),
  );
  // The demo app's own backend (signing its people's identity tokens), before its pages' catch-all.
  if (deps.demoKey) app.route('/demo/api', demoBackendRoutes({ store, demoKey: deps.demoKey, clock }));
  app.route('/', pageRoutes({ assets, demoKey: deps.demoKey }));
  // Ahead of routing itself (and for `app.request`, which calls `fetch`), what memory can answer at once.
  const dispatch = app.fetch;
  app.fetch = (request, env, executionCtx) => fastConfig.now(request) ?? dispatch(request, env, executionCtx);
  return app;
}

export type App = ReturnType<typeof createApp>;
