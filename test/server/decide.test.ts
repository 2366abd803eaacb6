import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { Config } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import { expectApiError } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';

const NOW = Date.UTC(2026, 10, 22, 12);
let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ clock: () => NOW });
});
afterEach(async () => {
  await t.cleanup();
});

const decide = (body: unknown, key = t.secretKey) =>
  t.app.request('/v1/decide', { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

const context = (apiCalls: number): Context => ({ user: { id: 'u1', locale: 'de' }, account: { id: 'a1', plan: 'starter' }, usage: { api_calls: apiCalls } });

describe('POST /v1/decide', () => {
  it.each([
    [6900, null, 'usage.below_threshold'],
    [7200, 'p70', 'shown'],
    [9000, 'p85', 'shown'],
    [9800, 'p95', 'shown'],
  ])('at %i API calls decides exactly what the shared engine decides (tier %s, %s)', async (calls, tier, code) => {
    const res = await decide({ context: context(calls) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { configVersion: number; prompt: { tier: string; content: { body: string } } | null; reasons: { code: string }[] };
    const config = Config.parse(JSON.parse(t.published!.body));
    expect(body).toEqual({ configVersion: 1, ...JSON.parse(JSON.stringify(evaluate(config, context(calls), { rules: {} }, NOW))) });
    expect(body.prompt?.tier ?? null).toBe(tier);
    expect(body.reasons[0]?.code).toBe(code);
  });

  it('formats copy for the context locale', async () => {
    const body = (await (await decide({ context: context(7200) })).json()) as { prompt: { content: { body: string } } };
    expect(body.prompt.content.body).toContain('7.200');
  });

  it('honours the state it is given and the instant it is asked about', async () => {
    const dismissedYesterday = { rules: { 'api-usage-ladder': { dismissed: { p95: NOW - 86_400_000 } } } };
    const now = (await (await decide({ context: context(9800), state: dismissedYesterday })).json()) as { reasons: { code: string }[] };
    expect(now.reasons[0]?.code).toBe('tier.dismissed');
    // Asked about next month, the dismissal belongs to an earlier billing period.
    const later = (await (await decide({ context: context(9800), state: dismissedYesterday, at: '2026-12-02T00:00:00Z' })).json()) as { reasons: { code: string }[] };
    expect(later.reasons[0]?.code).toBe('shown');
  });

  it('refuses an invalid context with the exact path', async () => {
    const error = await expectApiError(await decide({ context: { user: { id: '' }, account: { id: 'a1', plan: 'starter' } } }), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues[0]?.path).toBe('context.user.id');
  });

  it('takes only a secret key', async () => {
    await expectApiError(await decide({ context: context(1) }, t.key), 401, 'wrong_key_type');
  });

  it('answers 404 before anything is published', async () => {
    const fresh = await t.store.createEnvironment({ name: 'Fresh', allowedOrigins: [] });
    await expectApiError(await decide({ context: context(1) }, fresh.secretKey), 404, 'not_published');
  });
});
