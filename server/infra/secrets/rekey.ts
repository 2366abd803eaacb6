import { existsSync, renameSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { syncDir, writeNewPrivateFile } from '../private-files';
import { resealSecrets, storedSecrets, withDatabaseAlone } from '../../store/sqlite-secrets';
import { isSealed, secretBox } from './box';
import { ENCRYPTION_KEY_VAR, formatMasterKey, KEY_FORMAT, keyFileFor, newMasterKey, parseMasterKey, pendingKeyFileFor, readKeyFile, unreadableAdvice } from './master-key';
import { assertOpens, UnreadableSecretsError } from './sealed-store';

/** The variable `npm run secrets:rekey` takes the new key from. */
export const NEW_ENCRYPTION_KEY_VAR = 'UPSHIFT_NEW_ENCRYPTION_KEY';

export interface RekeyInput {
  dbFile: string;
  /** `UPSHIFT_ENCRYPTION_KEY`: when set, the current key, and the key file is left alone. */
  currentKey: string | undefined;
  /** `UPSHIFT_NEW_ENCRYPTION_KEY`: the new key; without it one is made, into the key file. */
  newKey: string | undefined;
}

export type RekeyResult =
  | { ok: true; source: 'env'; resealed: number }
  /** `finished`: an earlier run had sealed the database under the pending key and stopped before installing the key file; this run only installed it. */
  | { ok: true; source: 'file'; keyFile: string; resealed: number; finished: boolean }
  | { ok: false; error: string };

const keyFrom = (name: string, value: string): Buffer | { error: string } => parseMasterKey(value) ?? { error: `${name} is malformed: it must be ${KEY_FORMAT}` };

/**
 * Re-seals every stored secret under a new key, all or nothing, with the server stopped. With the
 * key in the key file, the new key is written beside it first (`upshift.key.new`), the database is
 * re-sealed in one transaction, and then the new file replaces the old: a crash in between leaves
 * both keys on disk, and running the command again finishes the job.
 */
export function rekey(input: RekeyInput): RekeyResult {
  const { dbFile } = input;
  if (!existsSync(dbFile)) return { ok: false, error: `There is no database at ${dbFile}; set UPSHIFT_DB to the file Upshift uses` };
  const keyFile = keyFileFor(dbFile);
  const fromFile = input.currentKey === undefined;
  const current =
    input.currentKey !== undefined
      ? keyFrom(ENCRYPTION_KEY_VAR, input.currentKey)
      : existsSync(keyFile)
        ? readKeyFile(keyFile)
        : { error: `There is no key file at ${keyFile} and ${ENCRYPTION_KEY_VAR} is not set: start Upshift once to make the key, or set ${ENCRYPTION_KEY_VAR} to it` };
  if ('error' in current) return { ok: false, error: current.error };
  if (input.newKey === undefined && !fromFile) {
    return { ok: false, error: `With the key in ${ENCRYPTION_KEY_VAR}, give the new key in ${NEW_ENCRYPTION_KEY_VAR} (e.g. \`openssl rand -base64 32\`): Upshift has nowhere to keep a key it makes` };
  }
  const next = input.newKey === undefined ? newMasterKey() : keyFrom(NEW_ENCRYPTION_KEY_VAR, input.newKey);
  if ('error' in next) return { ok: false, error: next.error };
  if (next.equals(current)) return { ok: false, error: `${NEW_ENCRYPTION_KEY_VAR} is the current key; give a new one` };

  const pending = pendingKeyFileFor(keyFile);
  try {
    return withDatabaseAlone(dbFile, (db): RekeyResult => {
      if (fromFile && existsSync(pending)) {
        const earlier = readKeyFile(pending);
        if ('error' in earlier) return { ok: false, error: `${earlier.error}; remove ${pending} if no rekey is under way` };
        const secrets = storedSecrets(db);
        if (secrets.some((s) => isSealed(s.value)) && opensAll(secrets, earlier)) {
          installKeyFile(pending, keyFile);
          return { ok: true, source: 'file', keyFile, resealed: 0, finished: true };
        }
        // The earlier run never got to the database: its key opens nothing there.
        unlinkSync(pending);
      }
      if (fromFile) writeNewPrivateFile(pending, `${formatMasterKey(next)}\n`);
      let resealed: number;
      try {
        resealed = resealSecrets(db, secretBox(current), secretBox(next));
      } catch (e) {
        if (fromFile) unlinkSync(pending);
        throw e;
      }
      if (!fromFile) return { ok: true, source: 'env', resealed };
      installKeyFile(pending, keyFile);
      return { ok: true, source: 'file', keyFile, resealed, finished: false };
    });
  } catch (e) {
    if (e instanceof KeyFileNotInstalled) return { ok: false, error: e.message };
    if (e instanceof UnreadableSecretsError) {
      const source = fromFile ? { kind: 'file' as const, file: keyFile, created: false } : { kind: 'env' as const };
      return { ok: false, error: `Nothing was changed: ${e.message}. ${unreadableAdvice(e.reason, source)}` };
    }
    return { ok: false, error: `Nothing was changed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function opensAll(secrets: Parameters<typeof assertOpens>[0], key: Buffer): boolean {
  try {
    assertOpens(secrets, secretBox(key));
    return true;
  } catch {
    return false;
  }
}

/** Thrown after the database moved to the pending key, when that key could not be put in place. */
class KeyFileNotInstalled extends Error {}

function installKeyFile(pending: string, keyFile: string): void {
  try {
    renameSync(pending, keyFile);
  } catch (e) {
    throw new KeyFileNotInstalled(
      `The secrets are now encrypted under the key in ${pending}, but it could not replace ${keyFile} (${e instanceof Error ? e.message : String(e)}): move it there before starting Upshift`,
    );
  }
  syncDir(dirname(keyFile));
}

/** What the command prints when it succeeded. */
export function describeRekey(result: Extract<RekeyResult, { ok: true }>): string {
  if (result.source === 'env') {
    return [
      `Re-encrypted ${result.resealed} secrets under the key in ${NEW_ENCRYPTION_KEY_VAR}.`,
      `Set ${ENCRYPTION_KEY_VAR} to that key before starting Upshift again: the old key no longer opens them.`,
      'Database backups taken before now still need the old key.',
    ].join('\n');
  }
  if (result.finished) return `Finished the rekey an earlier run began: ${result.keyFile} now holds the key the database is encrypted under. Run the command again to rekey once more.`;
  return [
    `Re-encrypted ${result.resealed} secrets under a new key, now in ${result.keyFile} (mode 0600). Back it up.`,
    'Database backups taken before now still need the old key.',
  ].join('\n');
}
