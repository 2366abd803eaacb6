import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchChromium, readEvents, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, hostPage, hostSite, keysOf, publishRules, secretApi, type Site } from './host';

// A host app with a strict Content Security Policy: scripts and styles only from itself or with its
// nonce, connections only to the Upshift API. The widget must still show a fully styled prompt and
// cause not a single violation.

let server: RunningServer;
let browser: Browser;
let site: Site;

const NONCE = 'abc';
const TITLE = 'You are about to run out of API calls';

const policy = () => `default-src 'self'; script-src 'self' 'nonce-${NONCE}'; style-src 'self' 'nonce-${NONCE}'; connect-src ${server.url}`;

beforeAll(async () => {
  server = await startServer();
  await publishRules(secretApi(server, keysOf(server).secret), [
    {
      id: 'csp-banner',
      name: 'API calls nearly used up',
      status: 'live',
      priority: 10,
      surface: 'banner',
      offer: { type: 'upgrade', plan: 'next' },
      trigger: { type: 'usage', metric: 'api_calls', tiers: [{ id: 'p90', at: { percent: 90 }, tone: 'urgent', content: { title: TITLE, body: '{{usage}} of {{limit}} used.', cta: 'Upgrade to {{offer.plan.name}}' } }] },
    },
    {
      id: 'csp-inline',
      name: 'Billing card',
      status: 'live',
      priority: 10,
      surface: 'inline',
      slot: 'billing',
      offer: { type: 'upgrade', plan: 'next' },
      trigger: { type: 'usage', metric: 'api_calls', tiers: [{ id: 'p10', at: { percent: 10 }, tone: 'inform', content: { title: 'Room to grow', body: 'Pro has more.', cta: 'See Pro' } }] },
    },
  ]);
  site = await hostSite(
    (path) =>
      path === '/'
        ? hostPage({
            src: `${server.url}/upshift.js`,
            key: keysOf(server).publishable,
            nonce: NONCE,
            context: contextFor('csp', { usage: { api_calls: 9700 } }),
            body: '<p><button type="button" data-upshift-feature="scheduled_reports">Scheduled reports</button></p><div data-upshift-slot="billing"></div>',
          })
        : null,
    // Sent as a header, as a host app would; read lazily, once the server's port is known.
    { get 'Content-Security-Policy'() { return policy(); } },
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
  removeDir(server.dir);
});

interface Visit {
  page: Page;
  errors: string[];
  /** Violations as the console reports them. */
  console: string[];
  /** Violations as the page's own `securitypolicyviolation` listener saw them. */
  violations(): Promise<string[]>;
}

async function open(): Promise<Visit> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const console: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (/Content.Security.Policy|CSP/i.test(m.text())) console.push(m.text());
  });
  // Listening from before the first script, as a host's CSP reporting would; init scripts are not subject to the page's CSP.
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, Symbol.for('csp violations'), { value: seen });
    // Capturing on the document: violations inside shadow roots are dispatched at their elements and bubble up composed.
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`), true);
  });
  await page.goto(`${site.url}/`);
  return {
    page,
    errors,
    console,
    violations: () => page.evaluate(() => [...(window as unknown as Record<symbol, string[]>)[Symbol.for('csp violations')]!]),
  };
}

describe('the widget on a host page with a strict CSP, in Chromium', () => {
  it('the policy is in force: an inline script without the nonce is refused and reported', async () => {
    const { page, violations } = await open();
    const res = await page.request.get(`${site.url}/`);
    expect(res.headers()['content-security-policy']).toBe(policy());
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.ran = true';
      document.body.append(s);
    });
    await expect.poll(violations).toEqual([expect.stringMatching(/^script-src/)]);
    expect(await page.evaluate(() => 'ran' in window)).toBe(false);
    await page.close();
  });

  it('shows styled prompts, sends its events, and causes no violation and no error', async () => {
    const { page, errors, console, violations } = await open();
    const banner = page.getByRole('region', { name: TITLE });
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    await banner.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));

    // Styled by the widget's own stylesheet: fixed at the bottom, an opaque card with rounded corners, an accent edge and a filled call to action.
    const look = await banner.evaluate((el) => {
      const s = getComputedStyle(el);
      const cta = getComputedStyle(el.querySelector('.cta')!);
      return { position: s.position, background: s.backgroundColor, radius: s.borderTopLeftRadius, edge: s.borderLeftWidth, ctaBackground: cta.backgroundColor, ctaColor: cta.color };
    });
    expect(look.position).toBe('fixed');
    expect(look.background).not.toMatch(/^(transparent|rgba\(0, 0, 0, 0\))$/);
    expect(look.radius).not.toBe('0px');
    expect(look.edge).not.toBe('0px');
    expect(look.ctaBackground).not.toMatch(/^(transparent|rgba\(0, 0, 0, 0\))$/);
    expect(look.ctaBackground).not.toBe(look.background);
    expect(look.ctaColor).not.toBe(look.ctaBackground);
    const box = (await banner.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(page.viewportSize()!.height);

    // The usage meter's width is set through the CSSOM, which the policy allows, not a style attribute.
    const meter = await banner.evaluate((el) => (el.querySelector('.meter i') as HTMLElement | null)?.getBoundingClientRect().width ?? 0);
    expect(meter).toBeGreaterThan(0);

    // The inline card and the lock badge are styled too, each in its own shadow root.
    const inline = page.getByRole('region', { name: 'Room to grow' });
    await inline.waitFor({ state: 'visible' });
    expect(await inline.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(look.background);
    const lock = await page.locator('upshift-badge').evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('.lock')!).backgroundColor);
    expect(lock).not.toMatch(/^(transparent|rgba\(0, 0, 0, 0\))$/);

    // Events reach the API (connect-src): the impression is stored.
    await eventually(() => expect(readEvents(server.dbFile).filter((e) => e.type === 'impression' && e.rule_id === 'csp-banner')).toHaveLength(1), 10_000);
    // Closing the prompt sends one more event and re-renders: still within the policy.
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await eventually(() => expect(readEvents(server.dbFile).filter((e) => e.type === 'dismiss' && e.rule_id === 'csp-banner')).toHaveLength(1), 10_000);

    // Upshift.debug() loads its explainer as a second script, which needs the loader's nonce to run.
    const report = await page.evaluate(() => (window as unknown as { Upshift: { debug(): Promise<{ rules: { ruleId: string; code: string; message: string }[] }> } }).Upshift.debug());
    const explained = report.rules.find((r) => r.ruleId === 'csp-banner')!;
    expect(explained.code).toBe('tier.dismissed');
    expect(explained.message).not.toBe(explained.code);

    expect(await violations()).toEqual([]);
    expect(console).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
