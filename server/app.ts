import { Hono } from 'hono';
import { emptyAssets, type Assets } from './assets';
import { notFound, onError, type Logger } from './errors';
import { configRoutes } from './routes/config';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { pageRoutes } from './routes/pages';
import type { Store } from './store/types';

export interface AppDeps {
  store: Store;
  /** Epoch ms; injected so tests control time. */
  clock?: () => number;
  logger?: Logger;
  /** Built widget and pages; tests of the API alone leave them out. */
  assets?: Assets;
  /** Publishable key the `/demo` page embeds. */
  demoKey?: string | undefined;
  version?: string;
}

const consoleLogger: Logger = {
  info: (message, fields) => console.info(JSON.stringify({ level: 'info', message, ...fields })),
  warn: (message, fields) => console.warn(JSON.stringify({ level: 'warn', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};

/** Builds the whole HTTP surface over injected dependencies; `app.request()` exercises it without a socket. */
export function createApp(deps: AppDeps) {
  const { store, clock = Date.now, logger = consoleLogger, assets = emptyAssets(), version = '0.0.0' } = deps;
  const app = new Hono();
  app.onError(onError(logger));
  app.notFound(notFound);
  app.route('/healthz', healthRoutes(store, version));
  app.route('/v1/config', configRoutes(store));
  app.route('/v1/events', eventRoutes(store, clock));
  app.route('/', pageRoutes({ assets, demoKey: deps.demoKey }));
  return app;
}

export type App = ReturnType<typeof createApp>;
