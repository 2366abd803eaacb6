import { describe, expect, it } from 'vitest';
import { RETRY_DELAYS_MS, retryDelay } from '../../server/services/webhooks/deliver';
import { newMessageId, newWebhookSecret, signWebhook, webhookHeaders } from '../../server/services/webhooks/sign';
import { verifyStandardWebhook } from './webhook-helpers';

describe('signWebhook', () => {
  it('reproduces the Standard Webhooks spec’s published example', () => {
    expect(signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('is checked by a verifier written from the spec, which accepts the spec’s example among other signatures', () => {
    const headers = {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    };
    expect(verifyStandardWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', headers, '{"test": 2432232314}')).toBe(true);
    expect(verifyStandardWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', headers, '{"test":2432232314}')).toBe(false);
  });

  it('sends the three headers a receiver verifies, with the timestamp in unix seconds', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: 'trial.started', data: { accountId: 'a1', note: 'ünïcödé ✓' } });
    const headers = webhookHeaders(secret, 'msg_1', 1_700_000_000_999, body);
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe('1700000000');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verifyStandardWebhook(secret, headers, body)).toBe(true);
  });

  it.each([
    ['another body', { body: '{"type":"trial.started","data":{}} ' }],
    ['another id', { id: 'msg_2' }],
    ['another timestamp', { timestamp: '1700000001' }],
    ['another secret', { secret: newWebhookSecret() }],
  ])('does not verify with %s', (_, change) => {
    const secret = newWebhookSecret();
    const body = '{"type":"trial.started","data":{}}';
    const headers = webhookHeaders(secret, 'msg_1', 1_700_000_000_000, body);
    const tampered = {
      ...headers,
      ...('id' in change ? { 'webhook-id': change.id } : {}),
      ...('timestamp' in change ? { 'webhook-timestamp': change.timestamp } : {}),
    };
    expect(verifyStandardWebhook('secret' in change ? change.secret : secret, tampered, 'body' in change ? change.body : body)).toBe(false);
  });

  it('refuses a secret without the whsec_ prefix rather than signing with the wrong key', () => {
    expect(() => signWebhook('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_1', 1, '{}')).toThrow(/whsec_/);
  });
});

describe('secrets and message ids', () => {
  it('makes whsec_ secrets of 24 random bytes, each different', () => {
    const secrets = new Set(Array.from({ length: 50 }, newWebhookSecret));
    expect(secrets.size).toBe(50);
    for (const s of secrets) {
      expect(s).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      expect(Buffer.from(s.slice(6), 'base64')).toHaveLength(24);
    }
  });

  it('makes msg_<uuid> message ids', () => {
    expect(newMessageId()).toMatch(/^msg_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('retryDelay', () => {
  it.each([
    [1, 0.5, 5_000],
    [2, 0.5, 30_000],
    [3, 0.5, 120_000],
    [4, 0.5, 600_000],
    [5, 0.5, 1_800_000],
    [6, 0.5, 7_200_000],
    [1, 0, 4_000],
    [1, 0.999_999, 6_000],
    [6, 0, 5_760_000],
    [7, 0.5, null],
    [100, 0.5, null],
  ])('after %i failed attempts with random %d waits %s ms', (failed, random, expected) => {
    expect(retryDelay(failed, random)).toBe(expected);
  });

  it('gives up after the whole schedule: seven attempts in all', () => {
    expect(RETRY_DELAYS_MS).toHaveLength(6);
  });
});
