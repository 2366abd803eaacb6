import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPgDb } from '../../server/store/postgres/db';
import { migratePg } from '../../server/store/postgres/migrate';

/** Runs one statement as the cluster's superuser on its `postgres` database. */
export async function adminQuery(superuserUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: superuserUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** `superuserUrl` pointing at database `name` instead. */
export function databaseUrl(superuserUrl: string, name: string): string {
  const url = new URL(superuserUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A database with the whole PostgreSQL schema applied and no rows, for `CREATE DATABASE … TEMPLATE`.
 * Nothing stays connected to it: PostgreSQL refuses to copy a database someone is using.
 */
export async function makeTemplateDatabase(superuserUrl: string): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `upshift_tpl_${randomBytes(6).toString('hex')}`;
  await adminQuery(superuserUrl, `CREATE DATABASE ${name}`);
  const db = openPgDb(databaseUrl(superuserUrl, name));
  try {
    await migratePg(db);
  } finally {
    await db.close();
  }
  return { name, drop: () => adminQuery(superuserUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
