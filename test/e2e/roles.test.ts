import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, expectStatus, hostPage, hostSite, identitySecretOf, keysOf, publishRules, secretApi, signatureValid, startReceiver, upshiftToken, type Receiver, type Site } from './host';

// Who may buy: a person whose role cannot buy asks an admin instead (and the host hears of it by a
// signed webhook); a buyer gets the checkout, or the host's own action handler when it has one.

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let site: Site;
let receiver: Receiver;
let webhookSecret: string;
/** The demo environment's identity secret, with which the host's backend signs each page's token. */
let identitySecret: string;
const pages: Page[] = [];

const TITLE = 'Your API calls are running out';

const rules = [
  {
    id: 'role-banner',
    name: 'API calls at half the limit',
    status: 'live',
    priority: 10,
    surface: 'banner',
    offer: { type: 'upgrade', plan: 'next' },
    trigger: {
      type: 'usage',
      metric: 'api_calls',
      tiers: [{ id: 'half', at: { percent: 50 }, tone: 'recommend', content: { title: TITLE, body: '{{usage}} of {{limit}} used.', cta: 'Upgrade to {{offer.plan.name}}' } }],
    },
  },
];

interface Person {
  user: string;
  role?: string;
  locale?: string;
  /** The host registers `Upshift.on('action')` and records what it gets. */
  handler?: boolean;
}

/** The host's page for the person, with the identity token its backend signed for them (a request to the admins needs it). */
function page(p: Person): string {
  const user = { ...(p.role && { role: p.role }), locale: p.locale ?? 'en' };
  const context = contextFor(p.user, { user, usage: { api_calls: 8700 } });
  return hostPage({
    src: `${server.url}/upshift.js`,
    key: keysOf(server).publishable,
    context: { ...context, token: upshiftToken(identitySecret, context.user.id, context.account.id) },
    body: p.handler ? `<script>window.actions = []; Upshift.on('action', (e) => window.actions.push(e));</script>` : '',
  });
}

/** The host's checkout page, where a followed call to action lands. */
const checkout = '<!doctype html><html lang="en"><head><title>Checkout</title></head><body><main><h1>Checkout</h1></main></body></html>';

let visits = 0;
async function open(person: Omit<Person, 'user'>): Promise<{ page: Page; user: string }> {
  const p = await context.newPage();
  pages.push(p);
  const user = `role-${++visits}`;
  const q = new URLSearchParams({ user, ...(person.role && { role: person.role }), ...(person.locale && { locale: person.locale }), ...(person.handler && { handler: '1' }) });
  await p.goto(`${site.url}/?${q}`);
  return { page: p, user };
}

const banner = (p: Page) => p.getByRole('region', { name: TITLE });
const adminRequests = () => receiver.deliveries.filter((d) => (JSON.parse(d.body) as { type: string }).type === 'admin.requested');

beforeAll(async () => {
  // The host's webhook receiver listens on 127.0.0.1: only the development switch lets webhooks go there.
  server = await startServer({ allowPrivateWebhooks: true });
  const api = secretApi(server, keysOf(server).secret);
  await publishRules(api, rules);
  receiver = await startReceiver();
  const put = await expectStatus(api('PUT', '/v1/webhooks', { url: `${receiver.url}/hooks` }), 201, 'PUT /v1/webhooks');
  webhookSecret = ((await put.json()) as { secret: string }).secret;
  identitySecret = await identitySecretOf(api);
  site = await hostSite((path, q) => {
    if (path === '/demo/billing') return checkout;
    if (path !== '/') return null;
    const role = q.get('role');
    const locale = q.get('locale');
    return page({ user: q.get('user') ?? 'anon', ...(role && { role }), ...(locale && { locale }), handler: q.has('handler') });
  });
  browser = await launchChromium();
  context = await browser.newContext();
});

afterEach(async () => {
  for (const p of pages.splice(0)) await p.close();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await receiver?.close();
  await server?.stop();
  removeDir(server.dir);
});

describe('a person who cannot buy, in Chromium', () => {
  it('a member sees "Ask your admin" instead of the upgrade, and one click delivers one signed admin.requested webhook', async () => {
    const { page: p, user } = await open({ role: 'member' });
    const card = banner(p);
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await card.getByRole('link', { name: 'Upgrade to Pro' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Upgrade to Pro' }).count()).toBe(0);

    await card.getByRole('button', { name: 'Ask your admin' }).click();
    await card.getByText('Your admin has been asked.').waitFor({ timeout: 10_000 });
    expect(await card.getByRole('button', { name: 'Ask your admin' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Close' }).isVisible()).toBe(true);
    // The person stayed on the page.
    expect(new URL(p.url()).pathname).toBe('/');

    await eventually(() => expect(adminRequests().filter((d) => d.body.includes(`"user_${user}"`))).toHaveLength(1), 15_000);
    const [hook] = adminRequests().filter((d) => d.body.includes(`"user_${user}"`));
    expect(signatureValid(webhookSecret, hook!)).toBe(true);
    expect(JSON.parse(hook!.body)).toMatchObject({
      type: 'admin.requested',
      data: { accountId: `acct_${user}`, userId: `user_${user}`, role: 'member', ruleId: 'role-banner', offer: { type: 'upgrade', plan: 'next' } },
    });
  });

  it.each([
    ['de', 'Admin fragen', 'Schließen'],
    ['fr', 'Demander à mon admin', 'Fermer'],
  ])('in %s, a member reads "%s" and "%s"', async (locale, ask, dismiss) => {
    const { page: p } = await open({ role: 'member', locale });
    const card = banner(p);
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await card.getByRole('button', { name: ask }).isVisible()).toBe(true);
    expect(await card.getByRole('button', { name: dismiss }).isVisible()).toBe(true);
    expect(await card.getByRole('button', { name: 'Ask your admin' }).count()).toBe(0);
  });
});

describe('a person who may buy, in Chromium', () => {
  it.each([
    ['an admin', { role: 'admin' }],
    ['an owner', { role: 'owner' }],
    ['a person with no role', {}],
  ])('%s sees the upgrade and no "Ask your admin"; the link goes to the checkout with attribution', async (_, person) => {
    const { page: p } = await open(person);
    const card = banner(p);
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await card.getByRole('button', { name: 'Ask your admin' }).count()).toBe(0);
    await card.getByRole('link', { name: 'Upgrade to Pro' }).click();
    await p.waitForURL(/\/demo\/billing/);
    const url = new URL(p.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ plan: 'pro', upshift_rule: 'role-banner', upshift_tier: 'half' });
    expect(await p.getByRole('heading', { name: 'Checkout' }).isVisible()).toBe(true);
  });

  it('a host with an action handler gets the offer and runs its own checkout: the link is not followed', async () => {
    const { page: p } = await open({ role: 'admin', handler: true });
    const card = banner(p);
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    // The click a link follows unless a listener cancels it, kept for after its dispatch, when that is settled.
    await p.evaluate(() => addEventListener('click', (e) => ((window as unknown as { lastClick: Event }).lastClick = e)));
    await card.getByRole('link', { name: 'Upgrade to Pro' }).click();
    await expect.poll(() => p.evaluate(() => (window as unknown as { actions: unknown[] }).actions.length)).toBe(1);
    const [action] = await p.evaluate(() => (window as unknown as { actions: unknown[] }).actions);
    expect(action).toMatchObject({ type: 'upgrade', ruleId: 'role-banner', tier: 'half', surface: 'banner', offer: { type: 'upgrade', plan: { id: 'pro', name: 'Pro' } } });
    // The link is not followed: its click was cancelled, so no navigation ever starts (this
    // document, its record of actions and its address stay).
    expect(await p.evaluate(() => (window as unknown as { lastClick?: Event }).lastClick?.defaultPrevented)).toBe(true);
    expect(await p.evaluate(() => (window as unknown as { actions: unknown[] }).actions.length)).toBe(1);
    expect(new URL(p.url()).pathname).toBe('/');
    expect(adminRequests().filter((d) => d.body.includes('"role":"admin"'))).toEqual([]);
  });
});
