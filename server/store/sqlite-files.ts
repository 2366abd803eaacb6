import { basename, dirname, join, resolve } from 'node:path';
import { ensurePrivateDir, ensurePrivateFile, tightenIfPresent, type FolderOutcome } from '../infra/private-files';
import { keyFileFor, pendingKeyFileFor } from '../infra/secrets/master-key';

/** The database file `UPSHIFT_DB` names (`value`), or `data/upshift.db` under the working directory. */
export const databaseFileFrom = (value: string | undefined): string => resolve(value ?? join('data', 'upshift.db'));

/** What SQLite keeps beside the database: the WAL, its index, and a rollback journal while switching modes. */
const sidecarsOf = (file: string): string[] => [`${file}-wal`, `${file}-shm`, `${file}-journal`];

/** How `prepareDatabaseFiles` left things: the folder, and any file still open to others because another user owns it. */
export interface DatabaseFiles {
  folder: FolderOutcome;
  notPrivate: string[];
}

/**
 * Makes the database's folder 0700 and the database file 0600 before SQLite opens it, creating
 * them if missing. SQLite gives the WAL and its index the database file's mode when it creates them
 * (it did so under umask 0 here, and again after a checkpoint and on reopen), so only files an older
 * Upshift left behind need tightening. Answers how things were left, for the start-up banner.
 */
export function prepareDatabaseFiles(file: string): DatabaseFiles {
  const key = keyFileFor(file);
  const ours = new Set([file, ...sidecarsOf(file), key, pendingKeyFileFor(key)].map((f) => basename(f)));
  // The demo's keys sit beside the database too (see seed.ts).
  ours.add('demo-keys.json');
  const folder = ensurePrivateDir(dirname(file), (name) => ours.has(name));
  const notPrivate = [ensurePrivateFile(file) ? [] : [file], tightenSidecars(file)].flat();
  return { folder, notPrivate };
}

/** Takes group and other bits off the WAL and its index, where present; answers those left open (another user's). */
function tightenSidecars(file: string): string[] {
  return sidecarsOf(file).filter((f) => !tightenIfPresent(f));
}
