import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret, newPublishableKey, newSecretKey } from '../../server/infra/keys';
import { migrations } from '../../server/store/migrations/index';
import { openSqliteStore } from '../../server/store/sqlite';
import { applyPragmas, migrate } from '../../server/store/sqlite-setup';
import type { Store } from '../../server/store/types';
import { tempDir } from '../helpers/test-app';

// Migration 17 (version notes) over a database with versions published before it, and the store's
// side of publishing with who and why, and of replacing the drafts at once.

let tmp: ReturnType<typeof tempDir>;
let file: string;
const open: Store[] = [];
beforeEach(() => {
  tmp = tempDir('upshift-migration-17-');
  file = join(tmp.dir, 'upshift.db');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  tmp.remove();
});

const ENV = 'env_before17000001';

function databaseBefore17(): void {
  const db = new Database(file);
  try {
    applyPragmas(db);
    migrate(db, migrations.filter((m) => m.version < 17));
    db.prepare('INSERT INTO environments (id, name, publishable_key, secret_key_hash, allowed_origins, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(ENV, 'Production', newPublishableKey(), hashSecret(newSecretKey()), '[]', '2026-06-01T08:00:00.000Z');
    db.prepare('INSERT INTO config_versions (environment_id, version, etag, body, published_at) VALUES (?, 1, ?, ?, ?)').run(ENV, '"v1-old"', '{}', '2026-06-02T08:00:00.000Z');
  } finally {
    db.close();
  }
}

const store = () => {
  const s = openSqliteStore(file);
  open.push(s);
  return s;
};

describe('migration 17 (version notes)', () => {
  it('lists versions published before it with no publisher and no note, and records both from then on', async () => {
    databaseBefore17();
    const s = store();
    const meta = { publishedBy: 'ada@acme.com', note: 'Spring pricing', rolledBackTo: null };
    await s.publishConfig(ENV, () => '{}', meta);
    await s.publishConfig(ENV, () => '{}', { publishedBy: 'secret key "CI" (sk_abc…)', note: 'Rollback to version 1', rolledBackTo: 1 });
    expect((await s.listConfigVersions(ENV)).map(({ version, publishedBy, note, rolledBackTo }) => ({ version, publishedBy, note, rolledBackTo }))).toEqual([
      { version: 3, publishedBy: 'secret key "CI" (sk_abc…)', note: 'Rollback to version 1', rolledBackTo: 1 },
      { version: 2, ...meta },
      { version: 1, publishedBy: null, note: null, rolledBackTo: null },
    ]);
  });
});

describe('replaceDrafts', () => {
  it('replaces the catalog, settings and every rule, removing rules it was not given', async () => {
    const s = store();
    const { environment } = await s.createEnvironment({ name: 'Staging', allowedOrigins: [] });
    await s.putDraftRule(environment.id, 'old', { id: 'old' });
    await s.putDraftRule(environment.id, 'kept', { id: 'kept', v: 1 });
    await s.replaceDrafts(environment.id, { catalog: { plans: [] }, rules: [{ id: 'kept', v: 2 } as { id: string }, { id: 'new' }], settings: { holdout: 5 } });
    expect(await s.listDraftRules(environment.id)).toEqual([{ id: 'kept', v: 2 }, { id: 'new' }]);
    expect(await s.getDraftCatalog(environment.id)).toEqual({ plans: [] });
    expect(await s.getDraftSettings(environment.id)).toEqual({ holdout: 5 });
  });

  it('changes nothing when a write fails part way (one transaction)', async () => {
    const s = store();
    const { environment } = await s.createEnvironment({ name: 'Staging', allowedOrigins: [] });
    await s.putDraftRule(environment.id, 'old', { id: 'old' });
    await s.putDraftCatalog(environment.id, { plans: ['old'] });
    // Two rules with one id: the second insert breaks the primary key after the catalog, settings and delete ran.
    await expect(s.replaceDrafts(environment.id, { catalog: { plans: [] }, rules: [{ id: 'same' }, { id: 'same' }], settings: {} })).rejects.toThrow();
    expect(await s.listDraftRules(environment.id)).toEqual([{ id: 'old' }]);
    expect(await s.getDraftCatalog(environment.id)).toEqual({ plans: ['old'] });
  });
});
