import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSealed, secretBox, type SecretKind } from '../../server/infra/secrets/box';
import { formatMasterKey, keyFileFor, loadMasterKey, parseMasterKey } from '../../server/infra/secrets/master-key';

const key = randomBytes(32);
const box = secretBox(key);
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('secretBox', () => {
  it('opens what it sealed, for the same kind and environment, and seals the same secret differently each time', () => {
    const a = box.seal(SECRET, 'webhook', 'env_1');
    const b = box.seal(SECRET, 'webhook', 'env_1');
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(SECRET.slice(6));
    expect(box.open(a, 'webhook', 'env_1')).toBe(SECRET);
    expect(box.open(b, 'webhook', 'env_1')).toBe(SECRET);
    expect(isSealed(a)).toBe(true);
    expect(isSealed(SECRET)).toBe(false);
  });

  const sealed = box.seal(SECRET, 'webhook', 'env_1');
  const [, iv, tag, body] = sealed.split(':') as [string, string, string, string];
  const flip = (part: string) => Buffer.from(Buffer.from(part, 'base64url').map((byte, i) => (i === 0 ? byte ^ 1 : byte))).toString('base64url');

  it.each<[string, string, SecretKind, string, ReturnType<typeof secretBox>]>([
    ['another environment (a ciphertext copied between rows)', sealed, 'webhook', 'env_2', box],
    ['another kind (a webhook secret copied into the Stripe column)', sealed, 'stripe', 'env_1', box],
    ['another key', sealed, 'webhook', 'env_1', secretBox(randomBytes(32))],
    ['an altered ciphertext', `v1:${iv}:${tag}:${flip(body)}`, 'webhook', 'env_1', box],
    ['an altered tag', `v1:${iv}:${flip(tag)}:${body}`, 'webhook', 'env_1', box],
    ['an altered IV', `v1:${flip(iv)}:${tag}:${body}`, 'webhook', 'env_1', box],
    ['a truncated tag', `v1:${iv}:${tag.slice(0, 10)}:${body}`, 'webhook', 'env_1', box],
    ['a missing part', `v1:${iv}:${body}`, 'webhook', 'env_1', box],
    ['an extra part', `${sealed}:AAAA`, 'webhook', 'env_1', box],
    ['characters outside base64url', `v1:${iv}:${tag}:${body}+/`, 'webhook', 'env_1', box],
    ['another version', sealed.replace(/^v1/, 'v2'), 'webhook', 'env_1', box],
    ['a plain secret', SECRET, 'webhook', 'env_1', box],
    ['nothing', '', 'webhook', 'env_1', box],
  ])('opens nothing (null, no throw) from %s', (_, value, kind, environmentId, by) => {
    expect(by.open(value, kind, environmentId)).toBeNull();
  });

  it('refuses a key of the wrong length', () => {
    expect(() => secretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('the master key', () => {
  const hex = key.toString('hex');
  const base64 = key.toString('base64');
  it.each([
    ['64 hex characters', hex, true],
    ['64 upper-case hex characters', hex.toUpperCase(), true],
    ['base64 with padding', base64, true],
    ['base64 without padding', base64.replace(/=$/, ''), true],
    ['base64url', key.toString('base64url'), true],
    ['with a trailing newline, as a file holds it', `${base64}\n`, true],
    ['63 hex characters', hex.slice(1), false],
    ['65 hex characters', `${hex}0`, false],
    ['16 bytes of base64', randomBytes(16).toString('base64'), false],
    ['48 bytes of base64', randomBytes(48).toString('base64'), false],
    ['a passphrase', 'correct horse battery staple', false],
    ['nothing', '', false],
  ])('parses %s: %s', (_, text, ok) => {
    const parsed = parseMasterKey(text);
    expect(parsed !== null).toBe(ok);
    if (ok) expect(parsed!.equals(key)).toBe(true);
  });

  it('is written to its file in a form the variable takes back', () => {
    expect(parseMasterKey(formatMasterKey(key))!.equals(key)).toBe(true);
  });

  it.each([
    ['', 'is set but empty'],
    ['   ', 'is set but empty'],
    ['not-a-key', 'is malformed (9 characters)'],
    [key.toString('hex').slice(2), 'is malformed (62 characters)'],
  ])('refuses UPSHIFT_ENCRYPTION_KEY=%j, saying what a key looks like without echoing it', (value, why) => {
    const result = loadMasterKey(value, '/nonexistent/upshift.key');
    expect(result).toEqual({ error: expect.stringContaining(`UPSHIFT_ENCRYPTION_KEY ${why}: it must be 32 random bytes`) });
    if (value.trim()) expect((result as { error: string }).error).not.toContain(value);
  });

  it.each([
    ['/srv/data/upshift.db', '/srv/data/upshift.key'],
    ['/srv/data/other.sqlite', '/srv/data/other.key'],
    ['/srv/data/other.sqlite3', '/srv/data/other.key'],
    ['/srv/data/upshift', '/srv/data/upshift.key'],
  ])('keeps the key of %s in %s', (db, file) => {
    expect(keyFileFor(db)).toBe(file);
  });
});
