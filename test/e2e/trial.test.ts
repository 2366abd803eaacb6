import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, expectStatus, hostPage, hostSite, identitySecretOf, keysOf, publishRules, secretApi, signatureValid, startReceiver, upshiftToken, type Receiver, type Site } from './host';

// One-click trials from a locked feature's panel, end to end: the host's click is replaced by the
// explanation, one click starts the trial for the account, the host's backend hears of it once
// through a signed webhook, and nothing starts it twice.

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let site: Site;
let receiver: Receiver;
let webhookSecret: string;
/** The demo environment's identity secret, with which the host's backend signs each page's token. */
let identitySecret: string;
const pages: Page[] = [];

const rules = [
  {
    id: 'reports-trial',
    name: 'Locked scheduled reports: a 14-day trial',
    status: 'live',
    priority: 10,
    surface: 'panel',
    offer: { type: 'trial', feature: 'scheduled_reports', days: 14 },
    trigger: { type: 'feature', feature: 'scheduled_reports' },
    content: { title: 'Get every dashboard in your inbox', body: 'Try {{feature.name}} free for {{offer.days}} days.', cta: 'Start the {{offer.days}}-day trial' },
  },
  {
    id: 'alerts-sales',
    name: 'Locked anomaly alerts: talk to sales',
    status: 'live',
    priority: 10,
    surface: 'panel',
    offer: { type: 'contact_sales' },
    trigger: { type: 'feature', feature: 'anomaly_alerts' },
    content: { title: 'Catch unusual changes as they happen', body: 'Anomaly alerts come with Pro.', cta: 'Talk to sales' },
  },
];

/**
 * The host app: "Scheduled reports" opens the host's own reports screen (here: a status line and
 * a flag), unless Upshift takes the click; "Anomaly alerts" opts out of interception. Its backend
 * signs the person's identity token into the page, without which no trial starts.
 */
function page(user: string, account: string): string {
  const context = contextFor(user, { account: { id: account } });
  return hostPage({
    src: `${server.url}/upshift.js`,
    key: keysOf(server).publishable,
    context: { ...context, token: upshiftToken(identitySecret, context.user.id, context.account.id) },
    body: `
<p>
  <button type="button" id="reports" data-upshift-feature="scheduled_reports">Scheduled reports</button>
  <button type="button" id="alerts" data-upshift-feature="anomaly_alerts" data-upshift-intercept="false">Anomaly alerts</button>
</p>
<p id="screen">Dashboard</p>
<script>
for (const [id, screen] of [['reports', 'Reports screen'], ['alerts', 'Alerts screen']]) {
  document.getElementById(id).addEventListener('click', () => {
    window['opened_' + id] = true;
    document.getElementById('screen').textContent = screen;
  });
}
</script>`,
  });
}

async function open(user: string, account: string): Promise<Page> {
  const p = await context.newPage();
  pages.push(p);
  await p.goto(`${site.url}/?user=${user}&account=${account}`);
  // The config and this person's history (trials included) are in: the widget knows what is locked.
  await expect
    .poll(() => p.evaluate(async () => (await (window as unknown as { Upshift: { debug(): Promise<{ configVersion: number | null; waitingForServerState: boolean }> } }).Upshift.debug()) ?? null), { timeout: 10_000 })
    .toMatchObject({ configVersion: expect.any(Number), waitingForServerState: false });
  return p;
}

const screen = (p: Page) => p.locator('#screen').textContent();
const flag = (p: Page, id: string) => p.evaluate((k) => (window as unknown as Record<string, unknown>)[`opened_${k}`] ?? false, id);
const badge = (p: Page, feature: string) => p.locator(`[data-upshift-feature="${feature}"] > upshift-badge`);

function trialRows(account: string): { offer_id: string }[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT offer_id FROM trials WHERE account_id = ?').all(account) as { offer_id: string }[];
  } finally {
    db.close();
  }
}

/**
 * The statuses of the `trial.started` webhooks queued for `account`, in order, read from the
 * server's outbox. A trial's webhook is queued in the trial's own transaction, before the request
 * answers: the outbox holds every webhook a request can cause as soon as it has answered.
 */
function trialOutbox(account: string): string[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT status, payload FROM webhook_deliveries WHERE event_type = 'trial.started' ORDER BY rowid").all() as { status: string; payload: string }[];
    return rows.filter((r) => (JSON.parse(r.payload) as { data: { accountId: string } }).data.accountId === account).map((r) => r.status);
  } finally {
    db.close();
  }
}

const trialWebhooks = () => receiver.deliveries.filter((d) => (JSON.parse(d.body) as { type: string }).type === 'trial.started');

beforeAll(async () => {
  // The host's webhook receiver listens on 127.0.0.1: only the development switch lets webhooks go there.
  server = await startServer({ allowPrivateWebhooks: true });
  const api = secretApi(server, keysOf(server).secret);
  await publishRules(api, rules);
  receiver = await startReceiver();
  const put = await expectStatus(api('PUT', '/v1/webhooks', { url: `${receiver.url}/hooks/upshift` }), 201, 'PUT /v1/webhooks');
  webhookSecret = ((await put.json()) as { secret: string }).secret;
  identitySecret = await identitySecretOf(api);
  site = await hostSite((path, q) => (path === '/' ? page(q.get('user') ?? 'anon', q.get('account') ?? 'acct_anon') : null));
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

describe('a trial from a locked feature, in Chromium', () => {
  it('starts once per account on one click, with one signed trial.started webhook, however often it is clicked', async () => {
    const p = await open('trial-dana', 'acct_trial');
    await badge(p, 'scheduled_reports').waitFor({ state: 'attached' });

    // The click opens the explanation instead of the host's reports screen.
    await p.getByRole('button', { name: 'Scheduled reports' }).click();
    const panel = p.getByRole('dialog', { name: 'Get every dashboard in your inbox' });
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await flag(p, 'reports')).toBe(false);
    expect(await screen(p)).toBe('Dashboard');

    const trialPosts: string[] = [];
    p.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/v1/trials') trialPosts.push(r.postData() ?? '');
    });
    // An impatient double click: the button is busy after the first.
    await panel.getByRole('button', { name: 'Start the 14-day trial' }).dblclick();
    await panel.getByText('Scheduled reports unlocked for 14 days').waitFor({ timeout: 10_000 });
    expect(await panel.getByRole('button', { name: 'Start the 14-day trial' }).count()).toBe(0);
    // With the prompt's surface and the person's locale (contextFor's), so the funnel's breakdowns count the trial.
    expect(trialPosts.map((b) => JSON.parse(b) as unknown)).toEqual([{ userId: 'user_trial-dana', accountId: 'acct_trial', ruleId: 'reports-trial', surface: 'panel', locale: 'en', feature: 'scheduled_reports' }]);

    // The host's backend hears of it once, signed.
    await eventually(() => expect(trialWebhooks()).toHaveLength(1), 15_000);
    const [hook] = trialWebhooks();
    expect(signatureValid(webhookSecret, hook!)).toBe(true);
    // A receiver must not accept a body that was changed on the way.
    expect(signatureValid(webhookSecret, { ...hook!, body: hook!.body.replace('acct_trial', 'acct_other') })).toBe(false);
    expect(hook!.headers['webhook-id']).toMatch(/^msg_/);
    expect(hook!.headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    const body = JSON.parse(hook!.body) as { type: string; data: Record<string, unknown> };
    expect(body).toMatchObject({ type: 'trial.started', data: { accountId: 'acct_trial', userId: 'user_trial-dana', feature: 'scheduled_reports', ruleId: 'reports-trial', variant: null } });
    const data = body.data as { startedAt: string; endsAt: string };
    expect(Date.parse(data.endsAt) - Date.parse(data.startedAt)).toBe(14 * 86_400_000);
    expect(trialRows('acct_trial')).toEqual([{ offer_id: 'scheduled_reports' }]);

    // Closed, the feature is unlocked: its badge goes and the host's own action runs.
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => panel.count()).toBe(0);
    await expect.poll(() => badge(p, 'scheduled_reports').count()).toBe(0);
    await p.getByRole('button', { name: 'Scheduled reports' }).click();
    expect(await screen(p)).toBe('Reports screen');
    expect(await p.getByRole('dialog').count()).toBe(0);

    // After a reload, the account's trial comes from the server: still unlocked, nothing offered.
    await p.reload();
    await expect.poll(() => p.evaluate(async () => (await (window as unknown as { Upshift: { debug(): Promise<{ waitingForServerState: boolean }> } }).Upshift.debug())?.waitingForServerState), { timeout: 10_000 }).toBe(false);
    expect(await badge(p, 'scheduled_reports').count()).toBe(0);
    await p.getByRole('button', { name: 'Scheduled reports' }).click();
    expect(await screen(p)).toBe('Reports screen');
    expect(await p.getByRole('dialog').count()).toBe(0);

    // A teammate who never saw the panel finds the feature unlocked for the whole account.
    const fox = await open('trial-fox', 'acct_trial');
    expect(await badge(fox, 'scheduled_reports').count()).toBe(0);
    expect(await badge(fox, 'anomaly_alerts').count()).toBe(1);
    await fox.getByRole('button', { name: 'Scheduled reports' }).click();
    expect(await screen(fox)).toBe('Reports screen');

    // Asking the server again, as a second click on another device would, gets the same trial back, not a new one.
    const again = await p.evaluate(
      async ([api, key, token]) => {
        const res = await fetch(`${api}/v1/trials?key=${key}`, {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain;charset=UTF-8', 'X-Upshift-Token': token },
          body: JSON.stringify({ userId: 'user_trial-fox', accountId: 'acct_trial', ruleId: 'reports-trial', feature: 'scheduled_reports' }),
        });
        return { status: res.status, body: (await res.json()) as { created: boolean } };
      },
      [server.url, keysOf(server).publishable, upshiftToken(identitySecret, 'user_trial-fox', 'acct_trial')] as const,
    );
    expect(again).toMatchObject({ status: 200, body: { created: false } });
    expect(trialRows('acct_trial')).toHaveLength(1);

    // Every click and request above has answered, so a second webhook would be in the outbox by
    // now; once nothing there is pending, the receiver has heard everything that was queued.
    await eventually(() => expect(trialOutbox('acct_trial')).not.toContain('pending'), 15_000);
    expect(trialOutbox('acct_trial')).toEqual(['succeeded']);
    expect(trialWebhooks()).toHaveLength(1);
  });

  it('data-upshift-intercept="false" lets the host’s own action run, without a panel', async () => {
    const p = await open('trial-mulder', 'acct_intercept');
    await badge(p, 'anomaly_alerts').waitFor({ state: 'attached' });
    await p.getByRole('button', { name: 'Anomaly alerts' }).click();
    expect(await flag(p, 'alerts')).toBe(true);
    expect(await screen(p)).toBe('Alerts screen');
    expect(await p.getByRole('dialog').count()).toBe(0);
    // The locked feature that is intercepted, on the same page, for contrast.
    await p.getByRole('button', { name: 'Scheduled reports' }).click();
    await p.getByRole('dialog', { name: 'Get every dashboard in your inbox' }).waitFor({ state: 'visible', timeout: 10_000 });
    expect(await flag(p, 'reports')).toBe(false);
    expect(await screen(p)).toBe('Alerts screen');
  });
});
