import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signature's timestamp may be from the server's clock, as Stripe's own libraries default to. */
export const STRIPE_TOLERANCE_SECONDS = 300;

export type SignatureProblem = 'missing_signature' | 'invalid_signature' | 'stale_timestamp';

/**
 * Checks a `Stripe-Signature` header (`t=<unix>,v1=<hex>[,v1=<hex>…]`) the way Stripe documents:
 * the HMAC-SHA256 of `"<t>.<raw body>"` keyed by the whole `whsec_…` string, compared in constant
 * time with every `v1` entry (several during a secret roll), and `t` within the tolerance of `now`
 * (epoch ms). Returns the problem, or null when the payload is authentic.
 */
export function checkStripeSignature(header: string | undefined, body: string, secret: string, now: number): SignatureProblem | null {
  if (!header) return 'missing_signature';
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't') timestamp = value;
    else if (name === 'v1') signatures.push(value);
  }
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) return 'missing_signature';
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  const matches = signatures.some((s) => {
    if (!/^[0-9a-f]{64}$/i.test(s)) return false;
    return timingSafeEqual(Buffer.from(s, 'hex'), expected);
  });
  // The signature first: a stale timestamp is only worth reporting on a payload Stripe really signed.
  if (!matches) return 'invalid_signature';
  if (Math.abs(now / 1000 - Number(timestamp)) > STRIPE_TOLERANCE_SECONDS) return 'stale_timestamp';
  return null;
}
