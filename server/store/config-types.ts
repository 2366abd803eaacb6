/** A separately keyed deployment of Upshift rules, e.g. "production" or "staging". */
export interface Environment {
  id: string;
  name: string;
  publishableKey: string;
  /** Browser origins that may use the publishable key, e.g. `https://app.acme.com` or `https://*.acme.com`. */
  allowedOrigins: string[];
  createdAt: string;
  /** The key before the last rotation, still taken until `previousKeyExpiresAt` (epoch ms); null when none is. */
  previousPublishableKey: string | null;
  previousKeyExpiresAt: number | null;
}

/** One immutable published config version, stored as the exact bytes served. */
export interface PublishedConfig {
  environmentId: string;
  version: number;
  /** Strong validator, quoted, e.g. `"v3-9f2c…"`. */
  etag: string;
  body: string;
  publishedAt: string;
}

/** Who published a version and why; null where unknown (versions published before migration 17). */
export interface VersionMeta {
  /** The actor's label: a person's email, or a secret key's name and prefix. */
  publishedBy: string | null;
  note: string | null;
  /** For a rollback, the version whose content it published again. */
  rolledBackTo: number | null;
}

/** One published version as listed: everything but its body. */
export type VersionRecord = Omit<PublishedConfig, 'body'> & VersionMeta;

/** An environment's whole set of drafts, written at once by `replaceDrafts`. */
export interface DraftSet {
  catalog: unknown;
  rules: readonly { id: string }[];
  settings: unknown;
}

export interface NewEnvironment {
  name: string;
  allowedOrigins: string[];
}

/** Environments, their published versions and their drafts. */
/** What `GET /v1/config` needs for a publishable key: its environment and that environment's live version. */
export interface LiveLookup {
  environment: Environment;
  live: PublishedConfig | null;
}

export interface ConfigStore {
  createEnvironment(input: NewEnvironment): Promise<{ environment: Environment; secretKey: string }>;
  listEnvironments(): Promise<Environment[]>;
  /** The live environment whose current or previous publishable key this is; the caller checks the previous key's expiry. */
  findEnvironmentByPublishableKey(key: string): Promise<Environment | null>;
  findEnvironmentBySecretKey(key: string): Promise<Environment | null>;
  /**
   * Publishes a new immutable version. `render` receives the version number and the publish time
   * and returns the exact JSON body to serve; the store assigns the version atomically.
   */
  publishConfig(environmentId: string, render: (version: number, publishedAt: string) => string, meta?: VersionMeta): Promise<PublishedConfig>;
  /** The newest published version, or null before the first publish. */
  getLiveConfig(environmentId: string): Promise<PublishedConfig | null>;
  /**
   * `findEnvironmentByPublishableKey` and that environment's `getLiveConfig` in one call: what every
   * `GET /v1/config` reads. Another connection's commit may be seen a little later than by those
   * two: SQLite checks for one once per event-loop turn rather than per call; PostgreSQL's cache
   * hears of it by notification, as for the two.
   */
  liveConfigByPublishableKey(key: string): Promise<LiveLookup | null>;
  /**
   * The same answer from memory, without waiting, or undefined when only a database round trip can
   * give it (PostgreSQL's cache is cold or not listening): the caller then awaits
   * `liveConfigByPublishableKey`. SQLite's reads never wait, so it always answers.
   */
  liveConfigByPublishableKeyNow(key: string): LiveLookup | null | undefined;
  /** Draft rules, as stored JSON values, ordered by id. */
  listDraftRules(environmentId: string): Promise<unknown[]>;
  getDraftRule(environmentId: string, ruleId: string): Promise<unknown | null>;
  /** Creates or replaces a draft rule; true when it was created. */
  putDraftRule(environmentId: string, ruleId: string, rule: unknown): Promise<boolean>;
  /** True when there was a draft to delete. */
  deleteDraftRule(environmentId: string, ruleId: string): Promise<boolean>;
  getDraftCatalog(environmentId: string): Promise<unknown | null>;
  putDraftCatalog(environmentId: string, catalog: unknown): Promise<void>;
  /** Draft settings (budget, global holdout) as stored, or null when none were ever saved. */
  getDraftSettings(environmentId: string): Promise<unknown | null>;
  putDraftSettings(environmentId: string, settings: unknown): Promise<void>;
  /** Published versions, newest first, without their bodies. */
  listConfigVersions(environmentId: string): Promise<VersionRecord[]>;
  /** Replaces the draft catalog, rules (those not given are removed) and settings in one transaction. */
  replaceDrafts(environmentId: string, drafts: DraftSet): Promise<void>;
  getConfigVersion(environmentId: string, version: number): Promise<PublishedConfig | null>;
}
