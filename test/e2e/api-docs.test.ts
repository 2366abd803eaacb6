import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { expectNoViolations, keysOf } from './host';

// The API reference at /docs/api in real Chromium against a running server, reading the server's own
// document (GET /v1/openapi.json): the events route found by its label and run with try-it-out and the demo environment's publishable key (a page of the
// server itself is on the key's allowed origins), under the pages' CSP with nothing off-origin, and
// read by axe-core in light and dark.

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDir(server.dir);
});

interface Visit {
  page: Page;
  csp: string;
  /** Every URL the page requested. */
  requests: string[];
  errors: string[];
  violations(): Promise<string[]>;
}

async function open(hash = ''): Promise<Visit> {
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, Symbol.for('csp violations'), { value: seen });
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`), true);
  });
  const res = await page.goto(`${server.url}/docs/api${hash}`);
  expect(res?.status()).toBe(200);
  return {
    page,
    csp: res?.headers()['content-security-policy'] ?? '',
    requests,
    errors,
    violations: () => page.evaluate(() => [...(window as unknown as Record<symbol, string[]>)[Symbol.for('csp violations')]!]),
  };
}

/** Stored events, read from the SQLite file beside the running server. */
function storedEvents(): { type: string; name: string | null }[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT type, name FROM events').all() as { type: string; name: string | null }[];
  } finally {
    db.close();
  }
}

/** The events operation's section as a CSS selector, for axe: its sidebar link's `#id`. */
const eventsSelector = async (page: Page) => (await eventsLink(page).getAttribute('href'))!;
const eventsLink = (page: Page) => page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: /^POST \/v1\/events\b/ });
const eventsSection = (page: Page) => page.getByRole('region', { name: /^POST \/v1\/events\b/ });

describe('/docs/api in Chromium', () => {
  it('is served under the pages’ CSP and loads nothing from another origin', async () => {
    const { page, csp, requests, errors, violations } = await open();
    await eventsLink(page).waitFor();
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.filter((url) => !url.startsWith(`${server.url}/`) && !url.startsWith('data:'))).toEqual([]);
    expect(requests).toContain(`${server.url}/v1/openapi.json`);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs the events example with a publishable key and shows the server’s answer, which stored the events', async () => {
    const { page, errors, violations } = await open();
    await eventsLink(page).click();
    const section = eventsSection(page);
    await expect.poll(() => section.getByRole('heading', { level: 3 }).evaluate((h) => h === document.activeElement)).toBe(true);
    await section.getByRole('button', { name: /^Try it out/ }).click();
    await page.getByLabel(/^API key/).fill(keysOf(server).publishable);
    const body = section.getByLabel('Request body (JSON)');
    const example = JSON.parse(await body.inputValue()) as { events: { name?: string; type: string }[] };
    expect(example.events.length).toBeGreaterThan(0);
    const before = storedEvents().length;
    const sent = page.waitForRequest((r) => r.url() === `${server.url}/v1/events` && r.method() === 'POST');
    await section.getByRole('button', { name: /^Send/ }).click();
    expect((await sent).headers()['x-upshift-key']).toBe(keysOf(server).publishable);
    const answer = section.getByRole('region', { name: /^Answer to POST \/v1\/events/ });
    await answer.getByText('Status: 200').waitFor();
    // The answer on the page is the server's: every event of the example accepted, none a duplicate.
    expect(JSON.parse(await answer.locator('pre').innerText())).toEqual({ accepted: example.events.length, duplicates: 0 });
    expect(await answer.getByText('application/json').count()).toBe(1);
    const stored = storedEvents();
    expect(stored.length).toBe(before + example.events.length);
    expect(stored.slice(before).map((e) => [e.type, e.name ?? undefined])).toEqual(example.events.map((e) => [e.type, e.name]));
    // The key lives in this tab's session storage only.
    expect(await page.evaluate(() => [localStorage.length, Object.values(sessionStorage)])).toEqual([0, [keysOf(server).publishable]]);
    // The operation opened, with its form and answer; the whole page is read in the last test.
    await expectNoViolations(page, 'with the events answer (light)', await eventsSelector(page));
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
    await expectNoViolations(page, 'with the events answer (dark)', await eventsSelector(page));
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('catches a body that is not JSON before sending, then sends the fixed one', async () => {
    const { page } = await open();
    const section = eventsSection(page);
    await section.getByRole('button', { name: /^Show details/ }).click();
    await section.getByRole('button', { name: /^Try it out/ }).click();
    const body = section.getByLabel('Request body (JSON)');
    const example = await body.inputValue();
    const posts: string[] = [];
    page.on('request', (r) => r.url() === `${server.url}/v1/events` && posts.push(r.postData() ?? ''));
    await body.fill('{"events": [');
    await section.getByRole('button', { name: /^Send/ }).click();
    await section.getByText(/^The body is not valid JSON/).waitFor();
    expect(await body.getAttribute('aria-invalid')).toBe('true');
    expect(await body.evaluate((el) => el === document.activeElement)).toBe(true);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expectNoViolations(page, `with the body error (${scheme})`, await eventsSelector(page));
    }
    // Without a key the server answers 401 with its error shape, shown as it is.
    await body.fill(example);
    await section.getByRole('button', { name: /^Send/ }).click();
    const answer = section.getByRole('region', { name: /^Answer to POST \/v1\/events/ });
    await answer.getByText('Status: 401').waitFor();
    expect(JSON.parse(await answer.locator('pre').innerText())).toMatchObject({ error: { code: 'missing_key' } });
    // The first request that left the page is the fixed body: the broken one never went.
    expect(posts).toEqual([example]);
    await page.close();
  });

  it('opens at the operation a deep link names, with its heading focused', async () => {
    const first = await open();
    const href = await eventsLink(first.page).getAttribute('href');
    await first.page.close();
    expect(href).toMatch(/^#\S+$/);
    const { page } = await open(href!);
    const heading = eventsSection(page).getByRole('heading', { level: 3 });
    await expect.poll(() => heading.evaluate((h) => h === document.activeElement)).toBe(true);
    expect(await heading.evaluate((h) => h.getBoundingClientRect().top)).toBeLessThan(await page.evaluate(() => innerHeight));
    await page.close();
  });

  // axe reads the whole page, a hundred operations, twice: longer than one file's default on a busy machine (a harness limit, not a timing check).
  it('filters the sidebar from the keyboard and goes to an operation with Enter; the page passes axe in light and dark', { timeout: 150_000 }, async () => {
    const { page } = await open();
    await eventsLink(page).waitFor();
    const nav = page.getByRole('navigation', { name: 'Operations' });
    const all = await nav.getByRole('link').count();
    await nav.getByLabel('Filter operations').focus();
    await page.keyboard.type('/v1/events post');
    await expect.poll(() => nav.getByRole('link').count()).toBeLessThan(all);
    expect(await nav.getByRole('link').allInnerTexts()).toEqual([expect.stringMatching(/^POST\s+\/v1\/events/)]);
    // Tab leads from the filter to the one link left; Enter follows it and the operation's heading takes the focus.
    await page.keyboard.press('Tab');
    expect(await eventsLink(page).evaluate((a) => a === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => eventsSection(page).getByRole('heading', { level: 3 }).evaluate((h) => h === document.activeElement)).toBe(true);
    expect(await eventsLink(page).getAttribute('aria-current')).toBe('location');
    await nav.getByLabel('Filter operations').fill('');
    await expect.poll(() => nav.getByRole('link').count()).toBe(all);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expectNoViolations(page, `on the whole reference (${scheme})`);
    }
    await page.close();
  });
});
