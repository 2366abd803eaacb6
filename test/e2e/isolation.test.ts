import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInline, launchChromium, removeDir, startServer, type RunningServer } from './harness';

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

/**
 * A host stylesheet that resets, enlarges, recolours and hides everything it can reach, overrides
 * the widget's accent variable, and tries to hide the widget's host element outright.
 */
const HOSTILE_CSS = `
* { all: unset !important; font-size: 40px !important; color: red !important; }
* { letter-spacing: .05em; text-transform: uppercase; word-spacing: 4px; white-space: pre; text-shadow: 1px 1px red; cursor: wait; }
div, p, button, a, section { display: none !important; }
:root { --accent: lime; }
upshift-root { display: none !important; }
`;

/** How the prompt looks: what a person would notice change. */
const LOOKS = [
  'display', 'position', 'font-size', 'color', 'background-color', 'border-radius', 'z-index',
  'font-family', 'font-weight', 'font-style', 'line-height', 'letter-spacing', 'text-transform',
  'visibility', 'opacity', 'border-left-color', 'box-shadow', 'padding', 'word-spacing', 'white-space', 'text-shadow', 'cursor',
];

/** At 97 % of the limit the demo shows its urgent banner, "You are about to run out of API calls". */
const prompt = (page: Page) => page.getByRole('region', { name: /API calls/ });

interface Held {
  page: Page;
  errors: string[];
  /** Lets upshift.js load. */
  release(): void;
}

/** Opens the demo at 97 % with upshift.js held back, so the test can act on the host page before the widget exists. */
async function openHeld(): Promise<Held> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route('**/upshift.js', async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(`${server.url}/demo?usage=97`, { waitUntil: 'domcontentloaded' });
  // The host app is fully drawn and styled before anything is measured.
  await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]')].every((l) => l.sheet));
  return { page, errors, release };
}

/** The computed look of the prompt and every element in it, in document order, with each one's rendered size. */
const looks = (region: Locator) =>
  region.evaluate(async (el, props) => {
    // Measured at rest, after the entrance animation.
    await Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished));
    return [el, ...el.querySelectorAll('*')].map((e) => {
      const style = getComputedStyle(e);
      const box = e.getBoundingClientRect();
      return { tag: e.tagName.toLowerCase(), width: box.width, height: box.height, ...Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)])) };
    });
  }, LOOKS);

/** Everything of the host page the widget could disturb. */
const hostSnapshot = (page: Page) =>
  page.evaluate(() => {
    const computed = (selector: string) => {
      const el = document.querySelector(selector);
      if (!el) throw new Error(`no ${selector} on the demo page`);
      const style = getComputedStyle(el);
      return Object.fromEntries([...style].map((p) => [p, style.getPropertyValue(p)]));
    };
    const page = document.documentElement.cloneNode(true) as HTMLElement;
    // The widget's own elements: its root, and the badges and slot cards it adds inside the host's marked elements.
    page.querySelectorAll('upshift-root, upshift-badge, upshift-slot').forEach((e) => e.remove());
    return {
      styles: Object.fromEntries(['html', 'body', 'main header', 'h1', 'nav a', 'button', 'input[type=number]'].map((s) => [s, computed(s)])),
      styleSheets: document.styleSheets.length,
      rules: [...document.styleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText)),
      adoptedStyleSheets: document.adoptedStyleSheets.length,
      markupOutsideTheWidget: page.outerHTML,
      globals: Object.keys(window),
    };
  });

describe('the widget and its host page, in Chromium', () => {
  it('looks the same on a host page whose global CSS resets, restyles and hides everything', async () => {
    const normal = await openHeld();
    normal.release();
    await prompt(normal.page).waitFor({ state: 'visible', timeout: 10_000 });
    const expected = await looks(prompt(normal.page));
    await normal.page.close();

    const hostile = await openHeld();
    await addInline(hostile.page, 'style', HOSTILE_CSS);
    // The sheet reaches the host page: its own content is gone.
    expect(await hostile.page.getByRole('heading', { name: 'Dashboard', exact: true }).isVisible()).toBe(false);
    hostile.release();
    await prompt(hostile.page).waitFor({ state: 'visible', timeout: 10_000 });
    // It matches the widget's own host element too, but the shadow tree's important reset wins there,
    // so nothing the page sets is inherited by the prompt.
    expect(await hostile.page.locator('upshift-root').evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e).letterSpacing, getComputedStyle(e).display])).toEqual(['rgb(0, 0, 0)', 'normal', 'contents']);
    expect(await looks(prompt(hostile.page))).toEqual(expected);
    expect(await prompt(hostile.page).getByRole('link', { name: 'Upgrade to Pro' }).isVisible()).toBe(true);
    expect(await prompt(hostile.page).getByRole('button', { name: 'Dismiss' }).isVisible()).toBe(true);
    expect(hostile.errors).toEqual([]);
    await hostile.page.close();
  });

  it('changes no style, stylesheet, markup or global of the host page', async () => {
    const { page, errors, release } = await openHeld();
    const before = await hostSnapshot(page);
    expect(before.globals).toContain('Upshift'); // the README's loader stub
    release();
    await prompt(page).waitFor({ state: 'visible', timeout: 10_000 });
    const after = await hostSnapshot(page);
    expect(after).toEqual(before);
    expect(await page.locator('upshift-root').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
