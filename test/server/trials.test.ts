import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrialResult } from '../../shared/schemas/trial';
import { expectApiError, headerList } from '../helpers/http';
import { APP_ORIGIN } from '../helpers/test-app';
import { createWebhookTestApp, DAY, postTrial, signedTrials, T0, type WebhookTestApp } from './webhook-helpers';

let t: WebhookTestApp;
/** `POST /v1/trials` with the token of the person the body names, as the widget sends it. */
let start: Awaited<ReturnType<typeof signedTrials>>;
beforeEach(async () => {
  t = await createWebhookTestApp();
  start = await signedTrials(t);
});
afterEach(async () => {
  await t.cleanup();
});

const START = { userId: 'u1', accountId: 'a1', ruleId: 'try-reports', feature: 'scheduled_reports' };
const iso = (ms: number) => new Date(ms).toISOString();
const trialsOf = (accountId: string) => t.store.accountTrials(t.environment.id, accountId);

describe('POST /v1/trials', () => {
  it('starts the offered trial for the account with 201, and answers a repeat with 200 and the same trial', async () => {
    const first = await start(START);
    expect(first.status).toBe(201);
    expect(first.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const trial = { id: 'scheduled_reports', startedAt: iso(T0), endsAt: iso(T0 + 14 * DAY) };
    expect(TrialResult.parse(await first.json())).toEqual({ trial, created: true });

    t.time.set(T0 + DAY);
    // A colleague's click, or the same rule's other variant, is the same account's trial.
    for (const body of [START, { ...START, userId: 'u2' }, { ...START, ruleId: 'try-reports-ab', variant: 'long' }]) {
      const again = await start(body);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ trial, created: false });
    }
    expect(await trialsOf('a1')).toEqual(new Map([['scheduled_reports', { startedAt: T0, endsAt: T0 + 14 * DAY }]]));
  });

  it('keeps trials per account and per feature, each as long as its offer says', async () => {
    expect((await start(START)).status).toBe(201);
    const other = await start({ ...START, accountId: 'a2' });
    expect(other.status).toBe(201);
    const alerts = await start({ ...START, ruleId: 'try-alerts', feature: 'anomaly_alerts' });
    expect(alerts.status).toBe(201);
    expect(((await alerts.json()) as TrialResult).trial).toEqual({ id: 'anomaly_alerts', startedAt: iso(T0), endsAt: iso(T0 + 7 * DAY) });
    expect([...(await trialsOf('a1')).keys()]).toEqual(['anomaly_alerts', 'scheduled_reports']);
  });

  it('shows the trial in GET /v1/state, where the engine holds the offer back', async () => {
    await start(START);
    const res = await t.app.request(`/v1/state?key=${t.key}&user=u1&account=a1`);
    expect(((await res.json()) as { trials: unknown }).trials).toEqual({ scheduled_reports: { startedAt: T0, endsAt: T0 + 14 * DAY } });
  });

  it('never restarts a trial that ended: 409 trial_used', async () => {
    await start(START);
    t.time.set(T0 + 14 * DAY);
    const error = await expectApiError(await start(START), 409, 'trial_used');
    expect(error.message).toContain('scheduled_reports');
    expect(error.details).toEqual({ endedAt: iso(T0 + 14 * DAY) });
    expect((await trialsOf('a1')).get('scheduled_reports')).toEqual({ startedAt: T0, endsAt: T0 + 14 * DAY });
  });

  it.each([
    ['an unknown rule', { ruleId: 'no-such-rule' }, 404, 'rule_not_found'],
    ['a rule that is only a draft', { ruleId: 'try-reports-draft' }, 404, 'rule_not_found'],
    ['a rule that offers an upgrade', { ruleId: 'api-usage-ladder' }, 409, 'not_a_trial'],
    ['a rule that offers a trial of another feature', { ruleId: 'try-alerts' }, 409, 'feature_mismatch'],
    ['a rule before its schedule starts', { ruleId: 'try-reports-later' }, 409, 'rule_not_running'],
  ])('refuses %s and starts nothing', async (_, change, status, code) => {
    const error = await expectApiError(await start({ ...START, ...change }), status, code);
    expect(error.message).toContain(change.ruleId);
    expect((await trialsOf('a1')).size).toBe(0);
  });

  it('answers 404 not_published before the environment has a live config', async () => {
    const other = await t.store.createEnvironment({ name: 'Empty', allowedOrigins: [APP_ORIGIN] });
    // About publishing, not identity: this environment opts out of verified actions.
    await t.store.putIdentitySettings(other.environment.id, { required: false, unverifiedActions: true }, 'idsec_other', T0);
    await expectApiError(await postTrial({ app: t.app, key: other.environment.publishableKey }, START), 404, 'not_published');
  });

  it.each([
    ['no user', 'userId', { ...START, userId: undefined }],
    ['an empty account id', 'accountId', { ...START, accountId: '' }],
    ['an account id with control characters', 'accountId', { ...START, accountId: 'a\u0000' }],
    ['a rule id with spaces', 'ruleId', { ...START, ruleId: 'try reports' }],
    ['a feature that is a number', 'feature', { ...START, feature: 7 }],
    ['a variant that is not a key', 'variant', { ...START, variant: '<b>' }],
    ['a variant the rule does not have', 'variant', { ...START, ruleId: 'try-reports-ab', variant: 'medium' }],
    ['an unknown field', '', { ...START, days: 365 }],
    ['a list instead of an object', '', [START]],
  ])('answers 400 with the path for %s', async (_, path, body) => {
    const error = await expectApiError(await start(body), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
    expect((await trialsOf('a1')).size).toBe(0);
  });

  it('answers 400 for invalid JSON and 413 for an oversized body', async () => {
    await expectApiError(await start('{"userId":'), 400, 'invalid_json');
    await expectApiError(await start({ ...START, userId: 'u'.repeat(5000) }), 413, 'payload_too_large');
  });

  it('refuses a foreign origin with 403 and no CORS grant, before starting anything', async () => {
    const res = await start(START, 'https://evil.test');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await expectApiError(res, 403, 'origin_not_allowed');
    expect((await trialsOf('a1')).size).toBe(0);
  });

  it('answers the CORS preflight of an allowed origin', async () => {
    const res = await t.app.request('https://api.upshift.test/v1/trials', {
      method: 'OPTIONS',
      headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, x-upshift-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(headerList(res, 'access-control-allow-methods')).toContain('post');
    expect(headerList(res, 'access-control-allow-headers')).toContain('x-upshift-key');
  });

  it('takes a publishable key only, and POST only', async () => {
    const noKey = await t.app.request('/v1/trials', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(START) });
    await expectApiError(noKey, 401, 'missing_key');
    await expectApiError(await postTrial({ app: t.app, key: t.secretKey }, START), 401, 'wrong_key_type');
    await expectApiError(await t.app.request(`/v1/trials?key=${t.key}`), 405, 'method_not_allowed');
  });

  it('queues no webhook while the environment has no endpoint', async () => {
    expect((await start(START)).status).toBe(201);
    expect(await t.store.listDeliveries(t.environment.id, 10)).toEqual([]);
  });
});
