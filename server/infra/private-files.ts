import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Files only this user may read: the database, its WAL, the encryption key. Modes are set with
 * chmod after creating, so a permissive umask (0 in some containers) cannot loosen them.
 */

const GROUP_AND_OTHERS = 0o077;

/**
 * How `ensurePrivateDir` left a folder: made now, already private, tightened to 0700, or left as
 * it was because it holds files that are not ours (or is not ours), where chmod would surprise.
 */
export type FolderOutcome = 'created' | 'private' | 'tightened' | 'shared';

/**
 * Makes `dir` (with any missing parents) 0700. An existing folder open to others is tightened only
 * when this user owns it and every entry in it is one of ours (`isOurs`): the database may sit in a
 * folder such as the home directory or /var/lib, whose mode is not Upshift's to change.
 */
export function ensurePrivateDir(dir: string, isOurs: (name: string) => boolean): FolderOutcome {
  if (mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) {
    chmodSync(dir, 0o700);
    return 'created';
  }
  const stat = statSync(dir);
  if ((stat.mode & GROUP_AND_OTHERS) === 0) return 'private';
  const uid = process.getuid?.();
  if ((uid !== undefined && stat.uid !== uid) || !readdirSync(dir).every(isOurs)) return 'shared';
  chmodSync(dir, 0o700);
  return 'tightened';
}

/**
 * Creates `file` empty with mode 0600 if it is missing; an existing one loses any group and other
 * bits. False when it keeps them because it belongs to another user, who chose that mode.
 */
export function ensurePrivateFile(file: string): boolean {
  const created = !existsSync(file);
  closeSync(openSync(file, 'a', 0o600));
  return tighten(file, created);
}

/** Takes group and other bits off `file` if it exists; false as `ensurePrivateFile`. */
export function tightenIfPresent(file: string): boolean {
  // Checked rather than caught: SQLite may delete a WAL between a check and a chmod, which is fine.
  if (!existsSync(file)) return true;
  try {
    return tighten(file, false);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return true;
  }
}

function tighten(file: string, created: boolean): boolean {
  const mode = statSync(file).mode & 0o777;
  try {
    if (created && mode !== 0o600) chmodSync(file, 0o600);
    else if (mode & GROUP_AND_OTHERS) chmodSync(file, mode & 0o700);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
    return false;
  }
}

/**
 * Writes `text` to a new file `file`, mode 0600, failing with EEXIST if there is one. It appears
 * whole or not at all (written aside, synced, then hard-linked into place), and its directory entry
 * is synced too: a key that a crash could lose or truncate would lose every secret sealed under it.
 */
export function writeNewPrivateFile(file: string, text: string): void {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
    chmodSync(temp, 0o600);
    linkSync(temp, file);
  } finally {
    closeSync(fd);
    unlinkSync(temp);
  }
  syncDir(dirname(file));
}

/** Flushes a directory's entries (a created or renamed file) to disk; a no-op where directories cannot be opened (Windows). */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: the file's own data is already synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
