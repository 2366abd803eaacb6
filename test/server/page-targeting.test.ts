import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDrafts } from '../../server/services/publishing';
import { demoContent } from '../../server/demo/seed';
import type { Condition } from '../../shared/schemas/condition';
import type { Context } from '../../shared/schemas/context';
import type { Rule } from '../../shared/schemas/rule';
import { expectApiError } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Page targeting from the server's side: a marketer saves a rule whose audience names the page,
// publishes it, and the host's backend asks `POST /v1/decide` with the page it passes itself.

const NOW = Date.UTC(2026, 10, 22, 12);
let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ clock: () => NOW });
  await writeDrafts(t.store, t.environment.id, demoContent);
});
afterEach(async () => {
  await t.cleanup();
});

const call = (method: string, path: string, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { Authorization: `Bearer ${t.secretKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const ON_THE_DASHBOARD: Condition = { all: [{ attr: 'page.path', op: 'startsWith', value: '/dashboard' }] };

/** The demo's API-call ladder, as a rule of its own that speaks only on the dashboard. */
const dashboardLadder = (audience: unknown = ON_THE_DASHBOARD): Rule => ({ ...structuredClone(demoContent.rules[0]!), id: 'dashboard-ladder', name: 'API calls, on the dashboard', audience: audience as Condition });

type Warning = { code: string; path: (string | number)[]; message: string };
type Issues = { issues: { path: string; message: string }[] };
type Decision = { configVersion: number; prompt: { ruleId: string; tier: string } | null; reasons: { ruleId: string; code: string; params?: Record<string, unknown>; message: string }[] };

/** A Starter person at 90 % of their API calls, on `page` (or with no page). */
const context = (page?: Context['page']): Context => ({ user: { id: 'u1', locale: 'en' }, account: { id: 'a1', plan: 'starter' }, usage: { api_calls: 9000 }, ...(page && { page }) });

async function decide(page?: Context['page']): Promise<Decision> {
  const res = await call('POST', '/v1/decide', { context: context(page) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Decision;
}

/** Only the dashboard ladder is live: nothing else can answer for it. */
async function publishDashboardLadder(): Promise<void> {
  expect((await call('DELETE', '/v1/rules/api-usage-ladder')).status).toBe(204);
  expect((await call('PUT', '/v1/rules/dashboard-ladder', dashboardLadder())).status).toBe(201);
  const published = await call('POST', '/v1/publish');
  expect(published.status, await published.clone().text()).toBe(201);
  expect(await published.json()).toMatchObject({ version: 2 });
}

describe('PUT /v1/rules/:id with a page audience', () => {
  it('accepts page.path startsWith as a rule like any other: 201, no warnings', async () => {
    expect((await call('DELETE', '/v1/rules/api-usage-ladder')).status).toBe(204);
    const res = await call('PUT', '/v1/rules/dashboard-ladder', dashboardLadder());
    expect(res.status).toBe(201);
    const body = (await res.json()) as { rule: Rule; warnings: Warning[] };
    expect(body.warnings).toEqual([]);
    expect(body.rule.audience).toEqual(ON_THE_DASHBOARD);
    const stored = (await (await call('GET', '/v1/rules/dashboard-ladder')).json()) as { rule: Rule };
    expect(stored.rule.audience).toEqual(ON_THE_DASHBOARD);
  });

  it.each<[string, Condition]>([
    ['page.url contains', { attr: 'page.url', op: 'contains', value: 'tab=usage' }],
    ['page.title matches', { attr: 'page.title', op: 'matches', value: '^Billing' }],
    ['page.path in', { any: [{ attr: 'page.path', op: 'in', value: ['/deals', '/pricing'] }, { attr: 'page.path', op: 'exists', value: false }] }],
  ])('accepts %s without a warning about the attribute', async (_name, audience) => {
    const res = await call('PUT', '/v1/rules/dashboard-ladder', dashboardLadder(audience));
    expect(res.status).toBe(201);
    const { warnings } = (await res.json()) as { warnings: Warning[] };
    expect(warnings.filter((w) => w.path[0] === 'audience')).toEqual([]);
  });

  it.each<[string, string, unknown, RegExp]>([
    ['a misspelt page attribute', 'audience.all.0.attr', { all: [{ attr: 'page.pathx', op: 'startsWith', value: '/dashboard' }] }, /unknown attribute "page\.pathx"/],
    ['a page field the context has not', 'audience.any.1.attr', { any: [{ attr: 'page.path', op: 'eq', value: '/' }, { attr: 'page.referrer', op: 'exists' }] }, /unknown attribute "page\.referrer"/],
    ['a number operator on the title', 'audience.not.op', { not: { attr: 'page.title', op: 'gt', value: 3 } }, /"gt" does not apply to page\.title, which is a string/],
    ['a date operator on the url', 'audience.op', { attr: 'page.url', op: 'after', value: '-1d' }, /which is a string/],
  ])('refuses %s: 400 at %s, nothing stored', async (_name, path, audience, message) => {
    const error = await expectApiError(await call('PUT', '/v1/rules/dashboard-ladder', dashboardLadder(audience)), 400, 'invalid_request');
    expect((error.details as Issues).issues).toEqual([{ path, code: 'custom', message: expect.stringMatching(message) }]);
    await expectApiError(await call('GET', '/v1/rules/dashboard-ladder'), 404, 'not_found');
  });
});

describe('POST /v1/decide with the page the caller passes', () => {
  it('shows the published rule under /dashboard and not on /deals, where the reason names the page', async () => {
    await publishDashboardLadder();

    const dashboard = await decide({ path: '/dashboard/x' });
    expect(dashboard.configVersion).toBe(2);
    expect(dashboard.prompt).toMatchObject({ ruleId: 'dashboard-ladder', tier: 'p85' });

    const deals = await decide({ path: '/deals' });
    expect(deals.prompt).toBeNull();
    expect(deals.reasons).toEqual([
      {
        ruleId: 'dashboard-ladder',
        code: 'audience.miss',
        params: { attr: 'page.path', op: 'startsWith', value: '"/dashboard"', actual: '/deals' },
        message: expect.stringContaining('/deals'),
      },
    ]);
  });

  it.each<[string, string, Context['page'] | undefined, unknown]>([
    ['exactly /dashboard', 'shown', { path: '/dashboard' }, undefined],
    ['a path, url and title', 'shown', { path: '/dashboard/usage', url: 'https://app.acme.test/dashboard/usage?x=1', title: 'Usage' }, undefined],
    ['a look-alike section', 'shown', { path: '/dashboards-old' }, undefined],
    ['the url alone: the path is not read from it', 'audience.miss', { url: 'https://app.acme.test/dashboard/x' }, null],
    ['an empty page', 'audience.miss', {}, null],
    ['no page at all (the server does not make one up)', 'audience.miss', undefined, null],
    ['the root', 'audience.miss', { path: '/' }, '/'],
  ])('%s: %s', async (_name, code, page, actual) => {
    await publishDashboardLadder();
    const d = await decide(page);
    expect(d.reasons[0]?.code).toBe(code);
    expect(d.prompt?.ruleId ?? null).toBe(code === 'shown' ? 'dashboard-ladder' : null);
    if (code === 'audience.miss') expect(d.reasons[0]?.params).toMatchObject({ attr: 'page.path', actual });
  });

  it('refuses a page that is not one, with the exact path', async () => {
    const res = await call('POST', '/v1/decide', { context: { ...context(), page: { path: `/${'a'.repeat(2048)}` } } });
    const error = await expectApiError(res, 400, 'invalid_request');
    expect((error.details as Issues).issues[0]?.path).toBe('context.page.path');
  });
});
