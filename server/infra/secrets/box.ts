import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * What a stored secret is for. With the environment id it is the ciphertext's associated data, so a
 * sealed value opens only in the row and column kind it was sealed for: copied into another
 * environment, or from a webhook secret into a Stripe one, it no longer opens.
 */
export type SecretKind = 'identity' | 'webhook' | 'stripe';

/** Seals the secrets Upshift must read back (identity, webhook and Stripe signing secrets) under one master key. */
export interface SecretBox {
  /** `v1:<iv>:<tag>:<ciphertext>`, each part base64url: AES-256-GCM with a fresh 96-bit IV every time. */
  seal(plain: string, kind: SecretKind, environmentId: string): string;
  /** The plain secret, or null when this key did not seal `sealed` for this kind and environment, or it was altered. */
  open(sealed: string, kind: SecretKind, environmentId: string): string | null;
}

export const MASTER_KEY_BYTES = 32;
const PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * True for a value this module sealed. Plain secrets were always `idsec_…` or `whsec_…` (their
 * schemas allow no colon), so the prefix tells the two apart without guessing.
 */
export const isSealed = (value: string): boolean => value.startsWith(PREFIX);

const associatedData = (kind: SecretKind, environmentId: string): Buffer => Buffer.from(`upshift-secret:v1:${kind}:${environmentId}`, 'utf8');

const decode = (part: string): Buffer | null => (BASE64URL.test(part) ? Buffer.from(part, 'base64url') : null);

/** A box over `key` (32 bytes); it keeps its own copy, so the caller may wipe theirs. */
export function secretBox(key: Uint8Array): SecretBox {
  if (key.length !== MASTER_KEY_BYTES) throw new Error(`an encryption key is ${MASTER_KEY_BYTES} bytes, not ${key.length}`);
  const k = Buffer.from(key);
  return {
    seal(plain, kind, environmentId) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(kind, environmentId));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${body.toString('base64url')}`;
    },
    open(sealed, kind, environmentId) {
      if (!isSealed(sealed)) return null;
      const parts = sealed.slice(PREFIX.length).split(':');
      if (parts.length !== 3) return null;
      const [iv, tag, body] = parts.map(decode);
      if (!iv || !tag || !body || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return null;
      const decipher = createDecipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(kind, environmentId));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        // GCM cannot say which: another key, another row, or altered bytes. The caller decides what that means.
        return null;
      }
    },
  };
}
