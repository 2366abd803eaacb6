import type { Store } from '../../store/types';
import { isSealed, type SecretBox, type SecretKind } from './box';

/**
 * The store methods that take or give back a secret. A store implementation keeps them plain over
 * its own rows and wraps them with `sealedSecretMethods`, so what it persists is only ever sealed
 * and the `Store` interface, and every caller, keeps dealing in plain secrets.
 */
export type SecretMethods = Pick<
  Store,
  | 'getIdentitySettings'
  | 'putIdentitySettings'
  | 'rotateIdentitySecret'
  | 'getWebhookEndpoint'
  | 'putWebhookEndpoint'
  | 'rotateWebhookSecret'
  | 'getStripeSecret'
  | 'listStripeSecrets'
  | 'putStripeSecret'
>;

/** Opened secrets kept beyond this many start over (four per environment at most are live). */
const OPENED_LIMIT = 4_000;

/** One secret as persisted, and where: for the start-up check, the migration of plain secrets and rekeying. */
export interface StoredSecret {
  kind: SecretKind;
  environmentId: string;
  value: string;
  /** `table.column`, for messages. */
  where: string;
}

/**
 * Sealed secrets in the database that this key does not open. Thrown at start and by rekey rather
 * than serving, or re-sealing, garbage: `reason` is `wrong_key` when none opens (the key is not the
 * one they were sealed with) and `altered` when only some do (bytes changed or moved between rows).
 */
export class UnreadableSecretsError extends Error {
  readonly reason: 'wrong_key' | 'altered';
  constructor(
    readonly unreadable: readonly StoredSecret[],
    readonly sealed: number,
  ) {
    const all = unreadable.length === sealed;
    const rows = unreadable.slice(0, 5).map((s) => `${s.where} of ${s.environmentId}`);
    super(
      all
        ? `none of the ${sealed} encrypted secrets in the database opens with this encryption key: it is not the key they were encrypted with`
        : `${unreadable.length} of the ${sealed} encrypted secrets in the database do not open with this encryption key while the others do: they were altered, or copied from another row (${rows.join(', ')})`,
    );
    this.name = 'UnreadableSecretsError';
    this.reason = all ? 'wrong_key' : 'altered';
  }
}

/** The plain value of a stored secret: opened when sealed, as stored when an older Upshift wrote it plain; null when `box` cannot open it. */
export const plainOf = (s: StoredSecret, box: SecretBox): string | null => (isSealed(s.value) ? box.open(s.value, s.kind, s.environmentId) : s.value);

/** Throws `UnreadableSecretsError` unless `box` opens every sealed secret in `secrets`. */
export function assertOpens(secrets: readonly StoredSecret[], box: SecretBox): void {
  const sealed = secrets.filter((s) => isSealed(s.value));
  const unreadable = sealed.filter((s) => plainOf(s, box) === null);
  if (unreadable.length > 0) throw new UnreadableSecretsError(unreadable, sealed.length);
}

/**
 * `methods` with every secret sealed on its way in and opened on its way out, bound to its
 * environment and kind. A stored value that does not open, or is not sealed at all (start-up seals
 * every plain one, so it would have been written behind this server's back), is an error rather
 * than a secret: a forged row must not become a key that signs or verifies.
 */
export function sealedSecretMethods(methods: SecretMethods, box: SecretBox): SecretMethods {
  // Every event, state and trial request of an environment with identity settings reads its
  // secrets: opening costs about two HMACs, a lookup nothing. Keyed by the sealed value with its
  // binding, so an entry can only ever answer for the very bytes it opened; bounded like the store's caches.
  const opened = new Map<string, string>();
  const open = (value: string, kind: SecretKind, environmentId: string): string => {
    const id = `${kind}:${environmentId}:${value}`;
    const known = opened.get(id);
    if (known !== undefined) return known;
    const plain = box.open(value, kind, environmentId);
    if (plain === null) {
      throw new Error(
        `The stored ${kind} secret of environment ${environmentId} does not open with this server's encryption key (was the database rekeyed, or written by another Upshift, while this server ran? Restart it)`,
      );
    }
    if (opened.size >= OPENED_LIMIT) opened.clear();
    opened.set(id, plain);
    return plain;
  };
  const openIdentity = <T extends { secret: string; previousSecret: string | null }>(s: T, environmentId: string): T => ({
    ...s,
    secret: open(s.secret, 'identity', environmentId),
    // The previous secret is the current one moved over as it was by a rotation, so it shares the binding.
    previousSecret: s.previousSecret === null ? null : open(s.previousSecret, 'identity', environmentId),
  });
  const openEndpoint = <T extends { secret: string }>(e: T, environmentId: string): T => ({ ...e, secret: open(e.secret, 'webhook', environmentId) });

  return {
    async getIdentitySettings(environmentId) {
      const s = await methods.getIdentitySettings(environmentId);
      return s && openIdentity(s, environmentId);
    },
    async putIdentitySettings(environmentId, required, secret, at) {
      return openIdentity(await methods.putIdentitySettings(environmentId, required, box.seal(secret, 'identity', environmentId), at), environmentId);
    },
    async rotateIdentitySecret(environmentId, secret, at, previousValidUntil) {
      const s = await methods.rotateIdentitySecret(environmentId, box.seal(secret, 'identity', environmentId), at, previousValidUntil);
      return openIdentity(s, environmentId);
    },
    async getWebhookEndpoint(environmentId) {
      const e = await methods.getWebhookEndpoint(environmentId);
      return e && openEndpoint(e, environmentId);
    },
    async putWebhookEndpoint(environmentId, input, secret, at) {
      const { created, endpoint } = await methods.putWebhookEndpoint(environmentId, input, box.seal(secret, 'webhook', environmentId), at);
      return { created, endpoint: openEndpoint(endpoint, environmentId) };
    },
    async rotateWebhookSecret(environmentId, secret, at) {
      const e = await methods.rotateWebhookSecret(environmentId, box.seal(secret, 'webhook', environmentId), at);
      return e && openEndpoint(e, environmentId);
    },
    async getStripeSecret(environmentId) {
      const s = await methods.getStripeSecret(environmentId);
      return s === null ? null : open(s, 'stripe', environmentId);
    },
    async listStripeSecrets() {
      return (await methods.listStripeSecrets()).map((s) => ({ environmentId: s.environmentId, secret: open(s.secret, 'stripe', s.environmentId) }));
    },
    async putStripeSecret(environmentId, secret, at) {
      return methods.putStripeSecret(environmentId, box.seal(secret, 'stripe', environmentId), at);
    },
  };
}
