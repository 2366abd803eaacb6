import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tightenIfPresent, writeNewPrivateFile } from '../private-files';
import { MASTER_KEY_BYTES } from './box';

/** The environment variable that holds the master key; without it, the key lives in a file beside the database. */
export const ENCRYPTION_KEY_VAR = 'UPSHIFT_ENCRYPTION_KEY';

const HEX = /^[0-9a-fA-F]{64}$/;
// base64 or base64url, with or without its one padding character: 32 bytes are 43 characters and '='.
const BASE64 = /^[A-Za-z0-9+/_-]{43}=?$/;

/** What a key must look like, for error messages; never echoes the value given, which may be a real key. */
export const KEY_FORMAT = `32 random bytes written as 64 hex characters or in base64 (44 characters), as \`openssl rand -hex 32\` or \`openssl rand -base64 32\` print them`;

/** A 32-byte key from its written form (surrounding white space ignored), or null when `text` is not one. */
export function parseMasterKey(text: string): Buffer | null {
  const t = text.trim();
  const key = HEX.test(t) ? Buffer.from(t, 'hex') : BASE64.test(t) ? Buffer.from(t, 'base64') : null;
  return key?.length === MASTER_KEY_BYTES ? key : null;
}

export const newMasterKey = (): Buffer => randomBytes(MASTER_KEY_BYTES);

/** How a key is written to its file, and how it can be copied into `UPSHIFT_ENCRYPTION_KEY` as it is. */
export const formatMasterKey = (key: Uint8Array): string => Buffer.from(key).toString('base64');

/**
 * The key file of a database: beside it and named after it (`data/upshift.db` → `data/upshift.key`),
 * so two databases in one folder never share a key, nor does rekeying one change the other's.
 */
export const keyFileFor = (dbFile: string): string => `${dbFile.replace(/\.(db|sqlite3?)$/i, '')}.key`;

/** Where a key was written during a rekey, until the database is sealed under it. */
export const pendingKeyFileFor = (keyFile: string): string => `${keyFile}.new`;

export type KeySource = { kind: 'env' } | { kind: 'file'; file: string; created: boolean };

export interface MasterKey {
  key: Buffer;
  source: KeySource;
}

/** The key in `file`, made 0600 if it was looser, or why it cannot be used. */
export function readKeyFile(file: string): Buffer | { error: string } {
  let text: string;
  try {
    tightenIfPresent(file);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { error: `Cannot read the encryption key file ${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
  return parseMasterKey(text) ?? { error: `The encryption key file ${file} does not hold a key: it must hold ${KEY_FORMAT}` };
}

/**
 * The master key: from `UPSHIFT_ENCRYPTION_KEY` when it is set (`envValue`), else from `keyFile`,
 * which is made (0600, a new random key) when missing. Set but empty or malformed is refused, not
 * ignored: falling back to a file would seal secrets under a key the operator does not know about.
 */
export function loadMasterKey(envValue: string | undefined, keyFile: string): MasterKey | { error: string } {
  if (envValue !== undefined) {
    const key = parseMasterKey(envValue);
    if (key) return { key, source: { kind: 'env' } };
    const given = envValue.trim() === '' ? 'is set but empty' : `is malformed (${envValue.trim().length} characters)`;
    return { error: `${ENCRYPTION_KEY_VAR} ${given}: it must be ${KEY_FORMAT}. Unset it to keep the key in a file beside the database instead.` };
  }
  if (!existsSync(keyFile)) {
    const key = newMasterKey();
    try {
      writeNewPrivateFile(keyFile, `${formatMasterKey(key)}\n`);
      return { key, source: { kind: 'file', file: keyFile, created: true } };
    } catch (e) {
      // Another process sharing the database made it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        return { error: `Cannot write the encryption key file ${keyFile}: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
  }
  const key = readKeyFile(keyFile);
  return 'error' in key ? key : { key, source: { kind: 'file', file: keyFile, created: false } };
}

/** The start-up banner's line about the key: where it is, and a reminder when it was just made. */
export function describeKeySource(source: KeySource): string {
  if (source.kind === 'env') return `from ${ENCRYPTION_KEY_VAR}`;
  return source.created ? `${source.file} (created now: back it up, and keep it apart from database backups)` : source.file;
}

/** What to do when the key does not open the database's secrets, by where the key came from. */
export function unreadableAdvice(reason: 'wrong_key' | 'altered', source: KeySource): string {
  if (reason === 'altered') return 'Restore the database from a backup taken before they changed.';
  if (source.kind === 'env') return `Set ${ENCRYPTION_KEY_VAR} to the key they were encrypted with (after \`npm run secrets:rekey\`, the new one).`;
  const pending = pendingKeyFileFor(source.file);
  const interrupted = existsSync(pending) ? ` An interrupted \`npm run secrets:rekey\` left ${pending}: run it again to finish.` : '';
  const missing = source.created ? `The key file ${source.file} was missing, so a new key was made (and removed again)` : `${source.file} holds another key`;
  return `${missing}: restore the key file from your backup, or set ${ENCRYPTION_KEY_VAR} to that key.${interrupted}`;
}
