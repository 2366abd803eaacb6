import type { SecretBox } from '../../infra/secrets/box';
import { liveConfigByKeyVia } from '../config-lookup';
import type { Store } from '../types';
import { openPgDb, type PgDb } from './db';
import { migratePg } from './migrate';
import { pgAccounts } from './accounts';
import { pgActions } from './actions';
import { pgConversions } from './conversions';
import { pgEvents } from './events';
import { pgHistory } from './history';
import { pgRetention } from './retention';
import { pgRuleCounts } from './rule-counts';
import { pgWebhooks } from './webhooks';
import { sealedSecretMethods } from '../../infra/secrets/sealed-store';
import { openConfigCache, type ConfigCache } from './config-cache';
import { pgEnvironments } from './environments';
import { pgPublishing } from './publishing';
import { pgPeople } from './people';
import { pgAudit } from './audit';
import { pgDrafts } from './drafts';
import { pgIdentity } from './identity';
import { checkPgSecrets } from './secrets-check';
import { pgExposure } from './exposure';
import { pgExposureHooks } from './exposure-hooks';
import { pgFunnel } from './funnel';
import { pgFunnelHooks } from './funnel-hooks';
import { pgReadiness } from './readiness';
import { pgRevenue } from './revenue';
import { rewriteRevenue } from './revenue-writer';

export interface PostgresStoreOptions {
  /** The app's clock (epoch ms), as for SQLite. Default `Date.now`. */
  clock?: () => number;
  /** Seals identity, webhook and Stripe signing secrets. Required: a server database has no key file beside it; every node must be given the same key. */
  secrets: SecretBox;
  /** Most connections this process holds. Default 10. */
  maxConnections?: number;
}

/** A PostgreSQL store, and the pool under it for jobs that need the database itself (advisory locks, LISTEN). */
export interface PostgresStore extends Store {
  readonly db: PgDb;
  /** The cache of environments by key and live configs, and when it drops what: see `config-cache.ts`. */
  readonly configCache: Pick<ConfigCache, 'listening' | 'onDrop'>;
}

/**
 * The server-database store: the same contract as SQLite's (`test/contract/` runs one suite on
 * both), for several stateless nodes over one PostgreSQL. Migrates on open, under an advisory lock.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions): Promise<PostgresStore> {
  const db = openPgDb(url, options.maxConnections === undefined ? {} : { max: options.maxConnections });
  const clock = options.clock ?? Date.now;
  try {
    await migratePg(db, undefined, clock);
    await checkPgSecrets(db, options.secrets);
  } catch (e) {
    await db.close();
    throw e;
  }
  const cache = await openConfigCache(url);
  // `webhooks.hooks.enqueue` is what trials and admin requests queue with, inside their own transactions.
  const webhooks = pgWebhooks(db);
  // What ingest, conversions, trials and admin requests write into the analytics roll-ups, inside their own transactions.
  const funnel = pgFunnelHooks();
  const exposure = pgExposureHooks();
  // They persist whatever secret they are handed; the store answers through `sealedSecretMethods`, as SQLite's does.
  const raw = {
    ...webhooks.methods,
    ...pgIdentity(db),
    ...pgConversions(db, { funnel, exposure, revenue: rewriteRevenue }),
  };
  const environments = pgEnvironments(db, clock, cache);
  const publishing = pgPublishing(db, clock, cache);
  let closed = false;
  const store = {
    db,
    configCache: cache,
    ...raw,
    ...environments,
    ...publishing,
    // GET /v1/config's one call: both lookups are answered from the cache notifications keep.
    liveConfigByPublishableKey: liveConfigByKeyVia({ ...environments, ...publishing }),
    liveConfigByPublishableKeyNow: (key: string) => cache.peek(key),
    ...pgPeople(db),
    ...pgAudit(db),
    ...pgDrafts(db, clock),
    ...sealedSecretMethods(raw, options.secrets),
    ...pgEvents(db, funnel, exposure),
    ...pgHistory(db),
    ...pgActions(db, webhooks.hooks, funnel),
    ...pgRuleCounts(db),
    ...pgRetention(db),
    ...pgAccounts(db),
    ...pgFunnel(db),
    ...pgExposure(db),
    ...pgRevenue(db),
    ...pgReadiness(db, webhooks.hooks),
    async ping() {
      await db.one('SELECT 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await cache.close();
      await db.close();
    },
  };
  return store;
}
