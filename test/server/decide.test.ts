import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { explain, explainAll } from '../../shared/engine/explain';
import { Config } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import type { Rule } from '../../shared/schemas/rule';
import { demoContent, publish } from '../../server/demo/seed';
import { dismiss, track } from '../helpers/events';
import { expectApiError, postEvents } from '../helpers/http';
import { createTestApp, withReadonlyDb, type TestApp } from '../helpers/test-app';

const NOW = Date.UTC(2026, 10, 22, 12);
let now = NOW;
let t: TestApp;
beforeEach(async () => {
  now = NOW;
  t = await createTestApp({ clock: () => now });
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
    const { prompt, placed, reasons } = evaluate(config, context(calls), { rules: {} }, NOW);
    expect(body).toEqual({ configVersion: 1, ...JSON.parse(JSON.stringify({ prompt, placed, reasons: explainAll(reasons) })) });
    expect(body.prompt?.tier ?? null).toBe(tier);
    expect(body.reasons[0]?.code).toBe(code);
  });

  it('words every reason for people, beside its machine code and facts', async () => {
    const young = { ...context(9000), account: { id: 'a1', plan: 'starter', createdAt: new Date(NOW - 12 * 86_400_000).toISOString() } };
    const body = (await (await decide({ context: young })).json()) as { reasons: { ruleId: string; code: string; params: Record<string, unknown>; message: string }[] };
    expect(body.reasons).toEqual([
      { ruleId: 'api-usage-ladder', code: 'guard.account_too_new', params: { days: 12, min: 90 }, message: 'account is 12 days old; this rule waits 90 days' },
    ]);
    const below = (await (await decide({ context: context(6900) })).json()) as { reasons: { message: string }[] };
    expect(below.reasons[0]?.message).toBe('api_calls is at 69% of its limit (6900 of 10000); the first tier starts at 70%');
    const shown = (await (await decide({ context: context(9000) })).json()) as { reasons: { code: string; message: string }[] };
    expect(shown.reasons[0]).toMatchObject({ code: 'shown', message: 'api_calls is at 90% of its limit; tier "p85" (recommend) shows as a banner' });
  });

  it('answers inline prompts in `placed`, beside the one interruptive prompt', async () => {
    const milestone: Rule = {
      id: 'fifth-seat',
      name: 'Fifth seat',
      status: 'live',
      priority: 1,
      trigger: { type: 'milestone', attr: 'usage.seats', at: 4 },
      offer: { type: 'upgrade', plan: 'next' },
      surface: 'inline',
      slot: 'sidebar',
      content: { title: 'Your team is growing', body: '{{value}} seats in use', cta: 'See {{offer.plan.name}}' },
    };
    await publish(t.store, t.environment.id, { ...demoContent, rules: [...demoContent.rules, milestone] });
    const body = (await (await decide({ context: { ...context(9000), usage: { api_calls: 9000, seats: 4 } } })).json()) as {
      prompt: { ruleId: string } | null;
      placed: { ruleId: string; slot: string; content: { body: string } }[];
    };
    expect(body.prompt?.ruleId).toBe('api-usage-ladder');
    expect(body.placed).toMatchObject([{ ruleId: 'fifth-seat', slot: 'sidebar', content: { body: '4 seats in use' } }]);
  });

  it('formats copy for the context locale', async () => {
    const body = (await (await decide({ context: context(7200) })).json()) as { prompt: { content: { body: string } } };
    expect(body.prompt.content.body).toContain('7.200');
  });

  it('honours the state it is given and the instant it is asked about', async () => {
    const dismissedYesterday = { rules: { 'api-usage-ladder': { dismissed: { p95: NOW - 86_400_000 } } } };
    const now = (await (await decide({ context: context(9800), state: dismissedYesterday })).json()) as { reasons: { code: string; message: string }[] };
    expect(now.reasons[0]?.code).toBe('tier.dismissed');
    expect(now.reasons[0]?.message).toBe(explain({ ruleId: 'api-usage-ladder', code: 'tier.dismissed', tier: 'p95', params: { dismissedTier: 'p95', at: NOW - 86_400_000, renews: Date.UTC(2026, 11, 1) } }));
    expect(now.reasons[0]?.message).toContain('until the billing period renews on 2026-12-01');
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

describe('POST /v1/decide without a state: the person’s history as the server stored it', () => {
  const DAY = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  type Decision = { prompt: { ruleId: string; tier?: string } | null; reasons: { ruleId: string; code: string }[] };
  const decided = async (body: unknown): Promise<Decision> => {
    const res = await decide(body);
    expect(res.status).toBe(200);
    return (await res.json()) as Decision;
  };
  const reasonOf = (d: Decision, ruleId: string) => d.reasons.find((r) => r.ruleId === ruleId)?.code;
  const snapshots = () => withReadonlyDb(t.file, (db) => (db.prepare('SELECT COUNT(*) AS n FROM usage_snapshots').get() as { n: number }).n);

  it('holds back a tier the person dismissed on another device, unless the request brings its own state', async () => {
    expect((await decided({ context: context(9800) })).prompt).toMatchObject({ ruleId: 'api-usage-ladder', tier: 'p95' });
    const events = [dismiss({ userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p95', at: iso(NOW - DAY) })];
    expect((await postEvents(t.app, t.key, { events })).status).toBe(200);
    const held = await decided({ context: context(9800) });
    expect(held.prompt).toBeNull();
    expect(reasonOf(held, 'api-usage-ladder')).toBe('tier.dismissed');
    // An explicit state wins over the stored one.
    expect((await decided({ context: context(9800), state: { rules: {} } })).prompt).toMatchObject({ tier: 'p95' });
    // Someone in another account is not held back.
    expect((await decided({ context: { ...context(9800), account: { id: 'a2', plan: 'starter' } } })).prompt).toMatchObject({ tier: 'p95' });
    // Deciding is not a visit: the usage it was asked about is no snapshot.
    expect(snapshots()).toBe(0);
  });

  it('counts the tracked events the person sent for an event-count rule', async () => {
    const exports: Rule = {
      id: 'exports',
      name: 'Heavy exporters',
      status: 'live',
      priority: 10,
      trigger: { type: 'event', event: 'report_exported', count: 5, withinDays: 7 },
      offer: { type: 'upgrade', plan: 'next' },
      surface: 'toast',
      content: { title: 'You export a lot', body: '{{count}} exports this week', cta: 'See {{offer.plan.name}}' },
    };
    await publish(t.store, t.environment.id, { ...demoContent, rules: [...demoContent.rules, exports] });
    const tracked = (n: number) => Array.from({ length: n }, (_, i) => track({ userId: 'u1', accountId: 'a1', name: 'report_exported', at: iso(NOW - (i + 1) * 3_600_000) }));
    expect((await postEvents(t.app, t.key, { events: tracked(4) })).status).toBe(200);
    const four = await decided({ context: context(100) });
    expect(four.prompt).toBeNull();
    expect(reasonOf(four, 'exports')).toBe('event.below_count');
    expect((await postEvents(t.app, t.key, { events: tracked(1) })).status).toBe(200);
    const five = await decided({ context: context(100) });
    expect(five.prompt).toMatchObject({ ruleId: 'exports' });
    expect(reasonOf(five, 'exports')).toBe('shown');
    // Only this person's events count, and an explicit state replaces what was stored.
    expect((await decided({ context: { ...context(100), user: { id: 'u2' } } })).prompt).toBeNull();
    expect(reasonOf(await decided({ context: context(100), state: { rules: {} } }), 'exports')).toBe('event.below_count');
    expect((await decided({ context: context(100), state: { rules: {}, counts: { report_exported: [NOW - 1, NOW - 2, NOW - 3, NOW - 4, NOW - 5] } } })).prompt).toMatchObject({ ruleId: 'exports' });
  });

  it('holds back a trial offer while the account’s stored trial runs, and for good once it has ended', async () => {
    const tryReports: Rule = {
      id: 'try-reports',
      name: 'Try scheduled reports',
      status: 'live',
      priority: 10,
      trigger: { type: 'feature', feature: 'scheduled_reports' },
      offer: { type: 'trial', feature: 'scheduled_reports', days: 14 },
      surface: 'modal',
      content: { title: 'Try {{feature.name}}', body: 'Free for {{offer.days}} days', cta: 'Start the trial' },
    };
    await publish(t.store, t.environment.id, { ...demoContent, rules: [...demoContent.rules, tryReports] });
    const gate = context(100);
    // A click on the locked feature, as the widget tracks it, a minute ago.
    const attempt = async (userId: string, accountId: string) => {
      const events = [track({ userId, accountId, name: 'upshift:gate:scheduled_reports', at: iso(now - 60_000) })];
      expect((await postEvents(t.app, t.key, { events })).status).toBe(200);
    };
    await attempt('u1', 'a1');
    expect((await decided({ context: gate })).prompt).toMatchObject({ ruleId: 'try-reports' });

    await t.store.startTrial(t.environment.id, 'a1', 'scheduled_reports', NOW, NOW + 14 * DAY);
    now = NOW + 13 * DAY;
    await attempt('u1', 'a1');
    const running = await decided({ context: gate });
    expect(running.prompt).toBeNull();
    expect(reasonOf(running, 'try-reports')).toBe('guard.trial_running');
    // The trial is the account's: a colleague is held back too, another account is not.
    expect(reasonOf(await decided({ context: { ...gate, user: { id: 'u2' } } }), 'try-reports')).toBe('guard.trial_running');
    await attempt('u1', 'a2');
    expect((await decided({ context: { ...gate, account: { id: 'a2', plan: 'starter' } } })).prompt).toMatchObject({ ruleId: 'try-reports' });

    now = NOW + 14 * DAY;
    await attempt('u1', 'a1');
    const used = await decided({ context: gate });
    expect(used.prompt).toBeNull();
    expect(reasonOf(used, 'try-reports')).toBe('guard.trial_used');
    now = NOW + 400 * DAY;
    expect(reasonOf(await decided({ context: gate }), 'try-reports')).toBe('guard.trial_used');
    // A second start neither restarts nor extends it.
    expect(await t.store.startTrial(t.environment.id, 'a1', 'scheduled_reports', now, now + 14 * DAY)).toMatchObject({ created: false, trial: { endsAt: NOW + 14 * DAY } });
    expect(reasonOf(await decided({ context: gate }), 'try-reports')).toBe('guard.trial_used');
  });

  it('offers no upgrade to a plan the account is trialling', async () => {
    await t.store.startTrial(t.environment.id, 'a1', 'pro', NOW - DAY, NOW + 6 * DAY);
    const trialling = await decided({ context: context(9800) });
    expect(trialling.prompt).toBeNull();
    expect(reasonOf(trialling, 'api-usage-ladder')).toBe('guard.trial_running');
    now = NOW + 6 * DAY;
    expect((await decided({ context: context(9800) })).prompt).toMatchObject({ ruleId: 'api-usage-ladder', tier: 'p95' });
  });
});
