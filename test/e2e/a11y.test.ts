import type { AxeResults } from 'axe-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addInline, launchChromium, removeDir, startServer, type RunningServer } from './harness';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
});

/**
 * A server of its own for the enclosing describe: the demo has one account, and a dismissed tier
 * stays hidden for it, so each run of the tone ladder needs a fresh database.
 */
function useServer(): () => RunningServer {
  let server: RunningServer | undefined;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
    if (server) removeDir(server.dir);
  });
  return () => server!;
}

/** A fresh profile per test, so one test's local widget state cannot hide another's prompt. */
async function open(server: RunningServer, path: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  context = await browser.newContext({ colorScheme });
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  return page;
}

const prompt = (page: Page) => page.getByRole('region', { name: /API calls/ });

/** Runs axe-core over the whole document; it descends into the widget's open shadow root. */
async function violations(page: Page): Promise<AxeResults['violations']> {
  if (!(await page.evaluate(() => 'axe' in window))) await addInline(page, 'script', readFileSync(axePath, 'utf8'));
  return page.evaluate(async () => {
    const { axe } = window as unknown as { axe: typeof import('axe-core') };
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
}

/** One readable line per failing element: rule, impact, what to fix, and where. */
function describeViolations(found: AxeResults['violations']): string {
  return found
    .map((v) => `${v.id} (${v.impact ?? 'no impact'}): ${v.help}\n${v.nodes.map((n) => `    at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`).join('\n')}`)
    .join('\n');
}

async function expectNoViolations(page: Page, when: string): Promise<void> {
  const found = await violations(page);
  // Compare rule ids, so a failure prints the readable summary rather than a diff of axe's raw results.
  expect(found.map((v) => v.id), `axe found violations ${when}:\n${describeViolations(found)}`).toEqual([]);
}

/** Presses Tab, as a keyboard user would, until `target` has focus. */
async function tabTo(page: Page, target: Locator, maxPresses = 30): Promise<void> {
  // Fail now with a reason rather than after the locator's 30 s wait for an element that is not there.
  const count = await target.count();
  if (count !== 1) throw new Error(`expected one element to Tab to, found ${count}: ${target.toString()}`);
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => (el.getRootNode() as Document | ShadowRoot).activeElement === el)) return;
  }
  throw new Error(`Tab never reached the element in ${maxPresses} presses`);
}

// The widget restyles itself for a dark colour scheme, so each tone is checked in both.
describe.each(['light', 'dark'] as const)('axe-core violations on the demo prompt in Chromium, %s scheme', (scheme) => {
  const server = useServer();

  // Ascending order on purpose: all three share the demo's one account, and a dismissed tier
  // hides the tiers below it for the billing period, never the ones above.
  it.each([
    { percent: 72, tone: 'inform' },
    { percent: 90, tone: 'recommend' },
    { percent: 97, tone: 'urgent' },
  ])('at $percent% usage the $tone prompt has none, open or after a keyboard dismissal', async ({ percent, tone }) => {
    const page = await open(server(), `/demo?usage=${percent}`, scheme);
    await expect.poll(() => prompt(page).getAttribute('data-tone'), { timeout: 10_000 }).toBe(tone);
    await expectNoViolations(page, `with the ${tone} prompt open (${scheme} scheme)`);

    await tabTo(page, prompt(page).getByRole('button', { name: 'Dismiss' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => prompt(page).count()).toBe(0);
    await expectNoViolations(page, `after the ${tone} prompt was dismissed (${scheme} scheme)`);
  });
});

describe('axe-core violations on the demo host app in Chromium', () => {
  const server = useServer();

  it('the billing page, reached by single-page navigation, has none', async () => {
    const page = await open(server(), '/demo');
    await page.getByRole('link', { name: 'Plan & billing' }).click();
    await page.waitForURL(/\/demo\/billing/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Plan & billing');
    await expectNoViolations(page, 'on the billing page');
  });
});
