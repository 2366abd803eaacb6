import type { Event } from '../../shared/schemas/event';
import type { FunnelAction } from '../../server/services/analytics/funnel-rows';
import type { AttributionWindow, NewConversion } from '../../server/store/conversion-types';
import type { RevenueRollup } from '../../server/store/revenue-types';
import type { Store } from '../../server/store/types';
import { describeStores, type StoreKind, type TempStoreOptions } from '../helpers/stores';

/** The writes the analytics contract tests feed through: the store's own, for the rows its reads sum. */
export interface AnalyticsFeed {
  /** A new environment's id. */
  environment(name: string): Promise<string>;
  insertEvents(env: string, events: readonly Event[], receivedAt: number): Promise<{ accepted: number; duplicates: number }>;
  recordConversion(env: string, c: NewConversion, window: AttributionWindow, receivedAt: number, rollup: RevenueRollup): Promise<{ created: boolean }>;
  /** Starts a trial (once per account and id), counting `action` in the funnel when it did. */
  startTrial(env: string, accountId: string, id: string, at: number, action: FunnelAction): Promise<{ created: boolean }>;
  /** The account's current trait `name` (as a state request with it sets it). */
  trait(env: string, accountId: string, name: string, value: string): Promise<void>;
  /** An endpoint taking every webhook type. */
  putWebhookEndpoint(env: string, url: string): Promise<void>;
  /** The queued deliveries, newest first: id, type, created at. */
  deliveries(env: string): Promise<(readonly [string, string, number])[]>;
}

/** Feeds through the store's own methods. */
export function feedOf(store: Store): AnalyticsFeed {
  return {
    async environment(name) {
      return (await store.createEnvironment({ name, allowedOrigins: [] })).environment.id;
    },
    insertEvents: (env, events, receivedAt) => store.insertEvents(env, events, receivedAt),
    recordConversion: (env, c, window, receivedAt, rollup) => store.recordConversion(env, c, window, receivedAt, rollup),
    startTrial: (env, accountId, id, at, action) => store.startTrial(env, accountId, id, at, at + 14 * 86_400_000, undefined, action),
    async trait(env, accountId, name, value) {
      const context = { user: { id: 'u' }, account: { id: accountId, plan: 'pro', traits: { [name]: value } } };
      await store.recordSighting(env, { accountId, userId: 'u', plan: 'pro', context, state: { rules: {} }, seenAt: 1 });
    },
    async putWebhookEndpoint(env, url) {
      await store.putWebhookEndpoint(env, { url, events: null }, 'whsec_dGVzdHRlc3R0ZXN0dGVzdA==', 1);
    },
    async deliveries(env) {
      return (await store.listDeliveries(env, 100)).map((d) => [d.id, d.type, d.createdAt] as const);
    },
  };
}

export interface AnalyticsContext {
  store: Store;
  feed: AnalyticsFeed;
  env: string;
}

/** describeStores, with each store's feed and a first environment. */
export function describeAnalytics(title: string, body: (ctx: { kind: StoreKind; open(options?: TempStoreOptions): Promise<AnalyticsContext> }) => void): void {
  describeStores(title, ({ kind, open }) =>
    body({
      kind,
      async open(options) {
        const store = await open(options);
        const feed = feedOf(store);
        return { store, feed, env: await feed.environment('Test') };
      },
    }),
  );
}
