import pg from 'pg';
import type { Environment, LiveLookup, PublishedConfig } from '../config-types';
import type { Sql } from './db';

/** The channel a write that changes what `/v1/config` serves notifies, with the environment's id as payload. */
export const CONFIG_CHANNEL = 'upshift_config';

/** Cached lookups beyond this many keys start over, so random keys cannot grow memory without bound (as SQLite's). */
const CACHE_LIMIT = 10_000;
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5_000;

/**
 * Tells every node's cache that `environmentId`'s keys or live config changed. Called inside the
 * writing transaction: PostgreSQL delivers the notification on commit, and never on rollback.
 */
export async function notifyConfigChanged(sql: Sql, environmentId: string): Promise<void> {
  await sql.one('SELECT pg_notify($1, $2)', [CONFIG_CHANNEL, environmentId]);
}

/**
 * Environments by publishable key and live configs by environment, the two lookups every config
 * request makes. Entries are dropped when any node notifies `CONFIG_CHANNEL`, heard over one
 * dedicated connection (a pooled one would be handed back and stop listening). While that
 * connection is down nothing is cached, since a missed notification would leave an entry stale
 * for ever; it reconnects with backoff.
 */
export interface ConfigCache {
  environmentByKey(key: string, load: () => Promise<Environment | null>): Promise<Environment | null>;
  liveConfig(environmentId: string, load: () => Promise<PublishedConfig | null>): Promise<PublishedConfig | null>;
  /**
   * `liveConfigByPublishableKey` from what is kept, without waiting: undefined unless both the key's
   * environment and its live config are kept (and the listener is connected).
   */
  peek(key: string): LiveLookup | undefined;
  /** Drops `environmentId`'s entries at once: this node's own writes need not wait for their notification. */
  drop(environmentId: string): void;
  /**
   * Calls `listener` after each drop with the environment's id, or null when everything was dropped
   * (connection lost or regained): for answers precomputed from these entries. Answers how to stop.
   */
  onDrop(listener: (environmentId: string | null) => void): () => void;
  /** Whether entries are being kept, i.e. the listener is connected. */
  readonly listening: boolean;
  close(): Promise<void>;
}

/** A cache over `url`'s notifications; resolves once the first attempt to listen succeeded or failed. */
export async function openConfigCache(url: string): Promise<ConfigCache> {
  // Never holds null (unknown keys are not kept); typed so to share `cached` with `live`.
  const byKey = new Map<string, Environment | null>();
  const live = new Map<string, PublishedConfig | null>();
  // Bumped by every drop: a lookup that was in flight across one must not store what it read,
  // which may predate the change the drop was for.
  let generation = 0;
  let listening = false;
  let closed = false;
  let current: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  let wait = FIRST_RETRY_MS;

  const listeners = new Set<(environmentId: string | null) => void>();
  const dropAll = () => {
    generation++;
    byKey.clear();
    live.clear();
    for (const listener of listeners) listener(null);
  };
  const drop = (environmentId: string) => {
    generation++;
    live.delete(environmentId);
    for (const [key, environment] of byKey) if (environment?.id === environmentId) byKey.delete(key);
    for (const listener of listeners) listener(environmentId);
  };

  const lost = (client: pg.Client) => {
    if (client !== current) return;
    current = null;
    listening = false;
    dropAll();
    client.end().catch(() => {});
    if (closed) return;
    retry = setTimeout(() => void connect(), wait);
    retry.unref();
    wait = Math.min(wait * 2, LAST_RETRY_MS);
  };

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url, application_name: 'upshift-config-listener' });
    current = client;
    client.on('notification', (n) => {
      if (n.channel === CONFIG_CHANNEL && n.payload) drop(n.payload);
    });
    client.on('error', () => lost(client));
    client.on('end', () => lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CONFIG_CHANNEL}`);
    } catch {
      lost(client);
      return;
    }
    if (client !== current) {
      // Closed while connecting.
      await client.end().catch(() => {});
      return;
    }
    // Whatever changed while nobody listened was not heard: start from nothing.
    dropAll();
    listening = true;
    wait = FIRST_RETRY_MS;
  };

  const cached = async <K, V>(map: Map<K, V>, key: K, load: () => Promise<V>, keep: (v: V) => boolean): Promise<V> => {
    if (listening && map.has(key)) return map.get(key) as V;
    const seen = generation;
    const value = await load();
    if (listening && seen === generation && keep(value)) {
      if (map.size >= CACHE_LIMIT) map.clear();
      map.set(key, value);
    }
    return value;
  };

  await connect();
  return {
    // Unknown keys are not cached: an attacker's random keys must not fill memory.
    environmentByKey: (key, load) => cached(byKey, key, load, (e) => e !== null),
    liveConfig: (environmentId, load) => cached(live, environmentId, load, () => true),
    peek(key) {
      const environment = listening ? byKey.get(key) : undefined;
      if (!environment || !live.has(environment.id)) return undefined;
      return { environment, live: live.get(environment.id) ?? null };
    },
    drop,
    onDrop(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const client = current;
      current = null;
      listening = false;
      dropAll();
      if (client) await client.end().catch(() => {});
    },
  };
}
