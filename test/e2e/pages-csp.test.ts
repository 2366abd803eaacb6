import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOwnerOf, eventually, launchChromium, readEvents, removeDir, startServer, type RunningServer } from './harness';

// The pages the server renders, under the policy it sends them with: the demo (with the README's
// inline loader stub, upshift.js, its prompt UI and the explainer) and the console must work
// without a single violation, and the policy must really be in force.

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  removeDir(server.dir);
});

interface Visit {
  page: Page;
  /** Uncaught exceptions, and every console error (CSP reports there too). */
  errors: string[];
  /** Violations as the page's own `securitypolicyviolation` listener saw them. */
  violations(): Promise<string[]>;
  csp: string;
}

async function open(path: string): Promise<Visit> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) errors.push(m.text());
  });
  // Listening from before the first script; init scripts are not subject to the page's CSP.
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, Symbol.for('csp violations'), { value: seen });
    // Capturing on the document: violations inside shadow roots bubble up composed.
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`), true);
  });
  const res = await page.goto(`${server.url}${path}`);
  return {
    page,
    errors,
    csp: res?.headers()['content-security-policy'] ?? '',
    violations: () => page.evaluate(() => [...(window as unknown as Record<symbol, string[]>)[Symbol.for('csp violations')]!]),
  };
}

/** Waits until the element's animations (a prompt's entrance) have finished. */
const settled = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));

describe('the server’s own pages under their Content-Security-Policy, in Chromium', () => {
  it('the policy is in force on /demo: a script without the nonce is refused and reported', async () => {
    const { page, csp, violations } = await open('/demo');
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).not.toContain('unsafe-inline');
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.ran = true';
      document.body.append(s);
    });
    await expect.poll(violations).toEqual([expect.stringMatching(/^script-src/)]);
    expect(await page.evaluate(() => 'ran' in window)).toBe(false);
    await page.close();
  });

  it('/demo shows its styled prompt, sends its events, explains itself, and causes no violation and no error', async () => {
    const { page, errors, violations } = await open('/demo?usage=97');
    const banner = page.getByRole('region', { name: 'You are about to run out of API calls' });
    await banner.waitFor({ state: 'visible', timeout: 15_000 });
    await settled(page, 'upshift-root');
    // Styled by the widget's stylesheet in its shadow root: fixed, an opaque card, a filled call to action.
    const look = await banner.evaluate((el) => {
      const s = getComputedStyle(el);
      const cta = getComputedStyle(el.querySelector('.cta')!);
      return { position: s.position, background: s.backgroundColor, radius: s.borderTopLeftRadius, ctaBackground: cta.backgroundColor };
    });
    expect(look.position).toBe('fixed');
    expect(look.background).not.toMatch(/^(transparent|rgba\(0, 0, 0, 0\))$/);
    expect(look.radius).not.toBe('0px');
    expect(look.ctaBackground).not.toBe(look.background);
    // The demo's own module and stylesheet ran: its usage control is there, its sidebar laid out.
    expect(await page.getByRole('spinbutton', { name: 'Usage percent' }).count()).toBe(1);
    expect(await page.locator('.sidebar').evaluate((el) => getComputedStyle(el).display)).not.toBe('inline');
    // Events reach the API (connect-src 'self'): the impression, then the dismissal.
    await eventually(() => expect(readEvents(server.dbFile).some((e) => e.type === 'impression' && e.rule_id === 'api-usage-ladder')).toBe(true), 10_000);
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await eventually(() => expect(readEvents(server.dbFile).some((e) => e.type === 'dismiss' && e.rule_id === 'api-usage-ladder')).toBe(true), 10_000);
    // upshift-debug.js loads on demand as a second script, with the nonce upshift.js read from its tag.
    const report = await page.evaluate(() => (window as unknown as { Upshift: { debug(): Promise<{ configVersion: number | null; rules: { code: string; message: string }[] }> } }).Upshift.debug());
    expect(report.configVersion).toBe(1);
    expect(report.rules[0]!.message).not.toBe(report.rules[0]!.code);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('/demo/billing with its inline card, and a single-page navigation to the dashboard, cause no violation either', async () => {
    const { page, errors, violations } = await open('/demo/billing?usage=50');
    await page.getByRole('region', { name: 'Room to grow with Pro' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('spinbutton', { name: 'Usage percent' }).waitFor();
    await settled(page, 'upshift-root');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('/admin renders, styled, signs in and loads its pages with no violation and no error', async () => {
    const { page, errors, violations, csp } = await open('/admin');
    expect(csp).toContain("frame-ancestors 'none'");
    await page.getByRole('heading', { level: 1, name: 'Sign in to Upshift' }).waitFor();
    // Its stylesheet applied: the sign-in page is a narrow column, not laid out with the browser's defaults.
    expect(await page.locator('main').evaluate((el) => getComputedStyle(el).maxWidth)).toBe('440px');
    // Signed out, the console's first question (GET /v1/admin/me) is answered 401, which Chromium
    // logs as a failed resource: that one line is expected, nothing else is.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    expect(errors.length).toBeLessThanOrEqual(1);
    errors.length = 0;
    const owner = demoOwnerOf(server);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('table', { name: 'Draft rules' }).waitFor();
    // Each area is a chunk of its own, loaded under the same policy.
    await page.getByRole('navigation').getByRole('link', { name: 'Catalog' }).click();
    // The map editor, and the condition builder of a next step's segment (not saved).
    await page.getByRole('checkbox', { name: 'Only for a segment (Next step 1)' }).check();
    await page.getByRole('button', { name: 'Add condition to Segment of next step 1' }).click();
    await page.getByRole('group', { name: 'Condition 1 of Segment of next step 1' }).waitFor();
    // Unchecked again, the catalog is as saved, so leaving asks nothing.
    await page.getByRole('checkbox', { name: 'Only for a segment (Next step 1)' }).uncheck();
    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    // Full zod probes for eval (`Function('')`) to pick its fast path, which this policy refuses
    // and reports: a chunk that carries zod shows up here as "script-src blocked eval".
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('/admin refuses to be framed by another page', async () => {
    const page = await browser.newPage();
    const blocked = new Promise<string>((resolve) => page.on('console', (m) => /frame-ancestors|X-Frame-Options|refused to connect|Refused to display/i.test(m.text()) && resolve(m.text())));
    await page.setContent(`<iframe src="${server.url}/admin"></iframe>`);
    expect(await blocked).toMatch(/frame-ancestors/);
    const framed = page.frames().find((f) => f !== page.mainFrame());
    expect(await framed?.getByRole('heading').count()).toBe(0);
    await page.close();
  });
});
