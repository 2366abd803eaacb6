import type { SecretBox } from '../../infra/secrets/box';
import { assertOpens, type StoredSecret } from '../../infra/secrets/sealed-store';
import type { SecretKind } from '../../infra/secrets/box';
import type { Sql } from './db';

/** Every table holding secrets Upshift reads back, and their secret columns (as SQLite's `sqlite-secrets.ts`). */
const TABLES: readonly { table: string; kind: SecretKind; columns: readonly string[] }[] = [
  { table: 'identity_settings', kind: 'identity', columns: ['secret', 'previous_secret'] },
  { table: 'webhook_endpoints', kind: 'webhook', columns: ['secret'] },
  { table: 'stripe_endpoints', kind: 'stripe', columns: ['secret'] },
];

/** Every stored secret, with where it is. */
export async function storedPgSecrets(sql: Sql): Promise<StoredSecret[]> {
  const all: StoredSecret[] = [];
  for (const t of TABLES) {
    const rows = await sql.all<Record<string, unknown> & { environment_id: string }>(`SELECT environment_id, ${t.columns.join(', ')} FROM ${t.table}`);
    for (const row of rows) {
      for (const column of t.columns) {
        const value = row[column];
        if (typeof value === 'string') all.push({ kind: t.kind, environmentId: row.environment_id, value, where: `${t.table}.${column}` });
      }
    }
  }
  return all;
}

/**
 * At open: throws `UnreadableSecretsError` when `box` does not open every sealed secret, as SQLite's
 * start does, so a node given the wrong key refuses to serve instead of failing each signature.
 * PostgreSQL never held plain secrets, so there is nothing to seal here.
 */
export async function checkPgSecrets(sql: Sql, box: SecretBox): Promise<void> {
  assertOpens(await storedPgSecrets(sql), box);
}
