import { createHash } from 'node:crypto';
import { toConfig, toVersion, type ConfigRow, type VersionRow } from '../rows/environments';
import type { Store } from '../types';
import { notifyConfigChanged, type ConfigCache } from './config-cache';
import type { PgDb } from './db';

type PublishingMethods = Pick<Store, 'publishConfig' | 'getLiveConfig' | 'listConfigVersions' | 'getConfigVersion'>;

/**
 * Published config versions over PostgreSQL. A publish takes a transaction-level advisory lock on
 * its environment, so publishes from any number of nodes get consecutive versions instead of
 * racing for the same one, and notifies every node's cache on commit.
 */
export function pgPublishing(db: PgDb, clock: () => number, cache: ConfigCache): PublishingMethods {
  return {
    async publishConfig(environmentId, render, meta) {
      try {
        return await db.tx(async (sql) => {
          await sql.one("SELECT pg_advisory_xact_lock(hashtextextended('publish:' || $1, 0))", [environmentId]);
          const version = (await sql.one<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM config_versions WHERE environment_id = $1', [environmentId]))!.v + 1;
          const publishedAt = new Date(clock()).toISOString();
          const body = render(version, publishedAt);
          const etag = `"v${version}-${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
          await sql.run(
            'INSERT INTO config_versions (environment_id, version, etag, body, published_at, published_by, note, rolled_back_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
            [environmentId, version, etag, body, publishedAt, meta?.publishedBy ?? null, meta?.note ?? null, meta?.rolledBackTo ?? null],
          );
          await notifyConfigChanged(sql, environmentId);
          return { environmentId, version, etag, body, publishedAt };
        });
      } finally {
        cache.drop(environmentId);
      }
    },
    async getLiveConfig(environmentId) {
      return cache.liveConfig(environmentId, async () => {
        const row = await db.one<ConfigRow>(
          'SELECT environment_id, version, etag, body, published_at FROM config_versions WHERE environment_id = $1 ORDER BY version DESC LIMIT 1',
          [environmentId],
        );
        return row ? toConfig(row) : null;
      });
    },
    async listConfigVersions(environmentId) {
      const rows = await db.all<VersionRow>(
        'SELECT environment_id, version, etag, published_at, published_by, note, rolled_back_to FROM config_versions WHERE environment_id = $1 ORDER BY version DESC',
        [environmentId],
      );
      return rows.map(toVersion);
    },
    async getConfigVersion(environmentId, version) {
      const row = await db.one<ConfigRow>('SELECT environment_id, version, etag, body, published_at FROM config_versions WHERE environment_id = $1 AND version = $2', [
        environmentId,
        version,
      ]);
      return row ? toConfig(row) : null;
    },
  };
}
