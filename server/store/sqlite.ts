import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { Event } from '../../shared/schemas/event';
import { hashSecret, newId, newSecretKey } from '../infra/keys';
import { secretBox, type SecretBox } from '../infra/secrets/box';
import { keyFileFor, loadMasterKey, newMasterKey } from '../infra/secrets/master-key';
import { sealedSecretMethods } from '../infra/secrets/sealed-store';
import { newEnvironmentRow, toConfig, toEnvironment, toVersion, type ConfigRow, type EnvironmentRow, type VersionRow } from './rows/environments';
import { eventRow } from './rows/events';
import { INSERT_EVENT_SQL } from './sqlite-rows';
import { applyPragmas, migrate } from './sqlite-setup';
import { sqliteActions } from './sqlite-actions';
import { sqliteHistory } from './sqlite-history';
import { sqliteIdentity } from './sqlite-identity';
import { sqliteConversions } from './sqlite-conversions';
import { sqliteWebhooks } from './sqlite-webhooks';
import { sqliteRetention } from './sqlite-retention';
import { sqliteRuleCounts } from './sqlite-rule-counts';
import { prepareDatabaseFiles } from './sqlite-files';
import { sealPlainSecrets } from './sqlite-secrets';
import { sqliteAudit } from './sqlite-audit';
import { sqliteEnvironments } from './sqlite-environments';
import { sqlitePeople } from './sqlite-people';
import { sqliteAccounts } from './sqlite-accounts';
import { exposureHooks, sqliteExposure } from './sqlite-exposure';
import { sqliteRevenue } from './sqlite-revenue';
import { sqliteReadiness } from './sqlite-readiness';
import type { LiveLookup, PublishedConfig, VersionMeta } from './config-types';
import type { Store } from './types';
import { sqliteConfigCache } from './sqlite-config-cache';
import { sqliteDrafts } from './sqlite-drafts';
import { funnelHooks, sqliteFunnel } from './sqlite-funnel';

export { applyPragmas, eventRow, INSERT_EVENT_SQL, migrate };

export interface SqliteStoreOptions {
  /**
   * The time the store stamps on what it creates (environments, published versions, drafts) and
   * checks key expiry against, in epoch ms: the app's clock, so a test's fake time reaches these too.
   * Default `Date.now`.
   */
  clock?: () => number;
  /**
   * Seals the identity, webhook and Stripe signing secrets. Without one, the key file beside the
   * database is used (made on first use), so no caller can write secrets to a file in the clear;
   * `:memory:` gets a key of its own that dies with it.
   */
  secrets?: SecretBox;
  /** Page cache of this connection in MiB (SQLite's default is 2): a bulk loader such as `npm run bench:seed` keeps its indexes in memory. */
  cacheMiB?: number;
  /**
   * False for a file that can be rebuilt from scratch (a test's, the bench dataset): commits are
   * not synced, so a crash may lose the last of them. Default true.
   */
  durable?: boolean;
  /**
   * `memory` for a bulk load of a rebuildable file (`npm run bench:seed`): a rollback journal in
   * memory instead of the WAL, so each page is written once; a crash may corrupt the file. The next
   * ordinary open puts it back in WAL mode. Default `wal`.
   */
  journal?: 'wal' | 'memory';
  /**
   * Handed the connection once it is set up: a bulk loader (`npm run bench:seed`) wraps many of the
   * store's own transactions in one of its own, which they then join as savepoints.
   */
  onOpen?: (db: Database.Database) => void;
}

/** The box over the key file beside `file`, as the server uses when `UPSHIFT_ENCRYPTION_KEY` is unset. */
function defaultSecrets(file: string): SecretBox {
  if (file === ':memory:') return secretBox(newMasterKey());
  const master = loadMasterKey(undefined, keyFileFor(file));
  if ('error' in master) throw new Error(master.error);
  return secretBox(master.key);
}

/**
 * The embedded store: one SQLite file in WAL mode with `synchronous = FULL`, so every committed
 * transaction survives a process crash (SIGKILL), an OS crash and a power loss alike. The folder is
 * 0700 and the files 0600; secrets that must be read back are stored sealed (see `secrets/`).
 * Throws `UnreadableSecretsError` when the key does not open the secrets already stored.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  if (file !== ':memory:') prepareDatabaseFiles(file);
  const box = options.secrets ?? defaultSecrets(file);
  const db = new Database(file);
  try {
    applyPragmas(db);
    if (options.cacheMiB) db.pragma(`cache_size = -${Math.floor(options.cacheMiB * 1024)}`);
    if (options.journal === 'memory') db.pragma('journal_mode = MEMORY');
    if (options.durable === false) db.pragma('synchronous = OFF');
    migrate(db, undefined, options.clock);
    sealPlainSecrets(db, box);
    options.onOpen?.(db);
  } catch (e) {
    db.close();
    throw e;
  }

  const clock = options.clock ?? Date.now;
  const q = {
    ping: db.prepare('SELECT 1'),
    insertEnv: db.prepare(
      'INSERT INTO environments (id, name, publishable_key, secret_key_hash, allowed_origins, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insertKey: db.prepare("INSERT INTO secret_keys (id, environment_id, name, key_hash, prefix, created_at) VALUES (?, ?, 'Default', ?, ?, ?)"),
    listEnvs: db.prepare('SELECT * FROM environments WHERE deleted_at IS NULL ORDER BY created_at, rowid'),
    envByPk: db.prepare('SELECT * FROM environments WHERE (publishable_key = ? OR previous_publishable_key = ?) AND deleted_at IS NULL'),
    maxVersion: db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM config_versions WHERE environment_id = ?'),
    insertConfig: db.prepare(
      'INSERT INTO config_versions (environment_id, version, etag, body, published_at, published_by, note, rolled_back_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    liveConfig: db.prepare('SELECT * FROM config_versions WHERE environment_id = ? ORDER BY version DESC LIMIT 1'),
    insertEvent: db.prepare(INSERT_EVENT_SQL),
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
    listVersions: db.prepare(
      'SELECT environment_id, version, etag, published_at, published_by, note, rolled_back_to FROM config_versions WHERE environment_id = ? ORDER BY version DESC',
    ),
    getVersion: db.prepare('SELECT * FROM config_versions WHERE environment_id = ? AND version = ?'),
  };
  const webhooks = sqliteWebhooks(db);
  const funnel = funnelHooks(db);
  const environments = sqliteEnvironments(db, () => cache.dropEnvironments());
  // They persist whatever secret they are handed; the store answers through `sealedSecretMethods`, which hands them only sealed ones.
  const raw = { ...webhooks.methods, ...sqliteIdentity(db), ...sqliteConversions(db, funnel) };

  const cache = sqliteConfigCache({
    dataVersion: () => q.dataVersion.get(),
    environmentByKey(key) {
      const row = q.envByPk.get(key, key) as EnvironmentRow | undefined;
      return row ? toEnvironment(row) : null;
    },
    liveConfig(environmentId) {
      const row = q.liveConfig.get(environmentId) as ConfigRow | undefined;
      return row ? toConfig(row) : null;
    },
  });

  const publish = db.transaction((environmentId: string, render: (version: number, publishedAt: string) => string, meta: VersionMeta | undefined): PublishedConfig => {
    const version = (q.maxVersion.get(environmentId) as { v: number }).v + 1;
    const publishedAt = new Date(clock()).toISOString();
    const body = render(version, publishedAt);
    const etag = `"v${version}-${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    q.insertConfig.run(environmentId, version, etag, body, publishedAt, meta?.publishedBy ?? null, meta?.note ?? null, meta?.rolledBackTo ?? null);
    return { environmentId, version, etag, body, publishedAt };
  });

  const cohorts = exposureHooks(db);
  const liveNow = (key: string): LiveLookup | null => {
    cache.freshThisTurn();
    const environment = cache.environmentByKey(key);
    return environment && { environment, live: cache.liveConfig(environment.id) };
  };
  const insertBatch = db.transaction((environmentId: string, events: readonly Event[], receivedAt: number) => {
    const stored: Event[] = [];
    for (const e of events) {
      const row = eventRow(environmentId, e, receivedAt);
      if (q.insertEvent.run(row).changes === 0) continue;
      stored.push(e);
      if (e.type === 'exposure') cohorts.exposed(environmentId, e, row.at as number);
    }
    funnel.events(environmentId, stored, receivedAt);
    const accepted = stored.length;
    return { accepted, duplicates: events.length - accepted };
  });

  // better-sqlite3 is synchronous; the async facade keeps the Store contract shared with server databases.
  return {
    async ping() {
      q.ping.get();
    },
    async createEnvironment(input) {
      const secretKey = newSecretKey();
      const row = newEnvironmentRow(input, clock());
      db.transaction(() => {
        // `secret_key_hash` is the legacy one-key column (migration 16); `secret_keys` is what is read.
        q.insertEnv.run(row.id, row.name, row.publishable_key, hashSecret(secretKey), row.allowed_origins, row.created_at);
        q.insertKey.run(newId('key'), row.id, hashSecret(secretKey), `${secretKey.slice(0, 7)}…`, Date.parse(row.created_at));
      }).immediate();
      return { environment: toEnvironment(row), secretKey };
    },
    async listEnvironments() {
      return (q.listEnvs.all() as EnvironmentRow[]).map(toEnvironment);
    },
    async findEnvironmentByPublishableKey(key) {
      cache.fresh();
      return cache.environmentByKey(key);
    },
    liveConfigByPublishableKeyNow: liveNow,
    async liveConfigByPublishableKey(key) {
      return liveNow(key);
    },
    async findEnvironmentBySecretKey(key) {
      return (await environments.authenticateSecretKey(key, clock()))?.environment ?? null;
    },
    async publishConfig(environmentId, render, meta) {
      const published = publish.immediate(environmentId, render, meta);
      cache.dropLiveConfig(environmentId);
      return published;
    },
    async getLiveConfig(environmentId) {
      cache.fresh();
      return cache.liveConfig(environmentId);
    },
    async insertEvents(environmentId, events, receivedAt) {
      return insertBatch.immediate(environmentId, events, receivedAt);
    },
    async listConfigVersions(environmentId) {
      return (q.listVersions.all(environmentId) as VersionRow[]).map(toVersion);
    },
    async getConfigVersion(environmentId, version) {
      const row = q.getVersion.get(environmentId, version) as ConfigRow | undefined;
      return row ? toConfig(row) : null;
    },
    ...sqliteDrafts(db, clock),
    ...sqliteHistory(db),
    ...sqliteActions(db, webhooks, funnel),
    ...raw,
    ...sealedSecretMethods(raw, box),
    ...sqliteRetention(db),
    ...sqliteRuleCounts(db),
    ...sqlitePeople(db),
    ...environments,
    ...sqliteAudit(db),
    ...sqliteAccounts(db),
    ...sqliteExposure(db),
    ...sqliteFunnel(db),
    ...sqliteRevenue(db),
    ...sqliteReadiness(db, webhooks),
    async close() {
      if (db.open) db.close();
    },
  };
}
