import { createHmac, randomBytes, randomUUID } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new signing secret: `whsec_` and the base64 of 24 random bytes, as Standard Webhooks writes them. */
export const newWebhookSecret = (): string => `${PREFIX}${randomBytes(24).toString('base64')}`;

/** A message id for the `webhook-id` header, kept through every retry so receivers can drop repeats. */
export const newMessageId = (): string => `msg_${randomUUID()}`;

/**
 * The `webhook-signature` value for one message, per the Standard Webhooks spec: `v1,` and the
 * base64 HMAC-SHA256 of `"<id>.<timestamp>.<body>"`, keyed with the base64-decoded part of the
 * secret after `whsec_`. `timestamp` is unix seconds and `body` the exact bytes sent: a receiver
 * re-serialising the JSON would compute another signature.
 *
 * @example
 * signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')
 * // 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  if (!secret.startsWith(PREFIX)) throw new Error('a webhook secret starts with "whsec_"');
  const key = Buffer.from(secret.slice(PREFIX.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The three Standard Webhooks headers for `body`, sent at `now` (epoch ms). */
export function webhookHeaders(secret: string, id: string, now: number, body: string): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  };
}
