import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../shared/schemas/config';
import { launchChromium, removeDir } from './harness';
import { contextFor, expectNoViolations, keysOf } from './host';
import { previewSite, type PreviewSite } from './preview-page';
import { rules, SURFACES, useSurfaces, type Surface } from './surfaces-fixture';

// The rule editor's live preview in Chromium, under the console's CSP: for each surface it shows
// the very text the real widget shows for the same rule and customer on a host page (the
// surfaces fixture), with the same colours in light and dark and the same size at 360 px and at
// desktop width; it follows no link; axe finds nothing in either colour scheme.

const { server, open, show } = useSurfaces();
let preview: PreviewSite;
let browser: Browser;
let config: Config;

const ruleId = (s: Surface) => `s-${s}`;
/** The customer the host page identifies, as the previewed account. */
const customer = (s: Surface) => contextFor('preview', { user: { traits: { show: s } }, usage: { api_calls: 8700 } });

beforeAll(async () => {
  const res = await fetch(`${server().url}/v1/config?key=${keysOf(server()).publishable}`);
  config = (await res.json()) as Config;
  preview = await previewSite((q) => {
    const s = (q.get('surface') ?? 'banner') as Surface;
    return { rule: rules.find((r) => r.id === ruleId(s)), catalog: config.catalog, settings: config.settings ?? null, account: { source: 'manual', label: 'acct_preview (starter)', context: customer(s) } };
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await preview?.close();
  if (preview) removeDir(preview.dir);
});

interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
}

/** The preview page for one surface's rule, in a browser of its own (`colorScheme` is the console's). */
async function openPreview(s: Surface, colorScheme: 'light' | 'dark' = 'light', width = 1280): Promise<Opened> {
  const context = await browser.newContext({ colorScheme, viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A CSP refusal is reported on the console as an error.
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${preview.url}/?surface=${s}`);
  await previewCard(page).waitFor({ state: 'visible' });
  return { page, errors, requests };
}

/** The widget's card in the preview (Playwright's CSS locators pierce the open shadow root). */
const previewCard = (page: Page): Locator => page.locator('[data-testid="rule-preview-host"] .card');
const settle = (c: Locator) => c.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
/** What a person reads on the card, and how it is drawn. */
const looks = (c: Locator) =>
  c.evaluate((el) => {
    const s = getComputedStyle(el);
    const cta = el.querySelector('.cta');
    return { text: el.textContent, background: s.backgroundColor, color: s.color, border: s.borderLeftColor, cta: cta && getComputedStyle(cta).backgroundColor, width: Math.round(el.getBoundingClientRect().width) };
  });

describe('the live preview in Chromium', () => {
  it.each(SURFACES)('shows the %s exactly as the widget does on a host page', async (s) => {
    const real = await open(s);
    const widget = await show(real.page, s);
    await settle(widget);
    const { page, errors, requests } = await openPreview(s);
    const shown = previewCard(page);
    await settle(shown);
    const a = await looks(widget);
    const b = await looks(shown);
    expect(b.text).toBe(a.text);
    expect(b.text).toContain(s === 'panel' ? 'Included in Pro · 14-day free trial' : '8,700 of 10,000');
    expect({ ...b, width: 0 }).toEqual({ ...a, width: 0 });
    expect(errors).toEqual([]);
    // The preview page talks to nobody: the page, its script and stylesheet only.
    expect(requests.every((u) => u.startsWith(preview.url))).toBe(true);
    await page.context().close();
  });

  it('matches the widget’s look in dark and its size at 360 px and at desktop width', async () => {
    // The real widget: dark at desktop width, light and dark at 360 px.
    const cases = [
      { scheme: 'dark', width: 1280 },
      { scheme: 'light', width: 360 },
      { scheme: 'dark', width: 360 },
    ] as const;
    for (const { scheme, width } of cases) {
      const real = await open('banner', { width });
      await real.page.emulateMedia({ colorScheme: scheme });
      const widget = await show(real.page, 'banner');
      await settle(widget);
      const expected = await looks(widget);

      // The console stays light; the preview is switched as a marketer would.
      const { page, errors } = await openPreview('banner');
      await page.getByLabel('Colour scheme').selectOption(scheme);
      if (width === 360) await page.getByLabel('Page width').selectOption('phone');
      const shown = previewCard(page);
      await settle(shown);
      expect(await looks(shown), `${scheme} at ${width} px`).toEqual(expected);
      if (width === 360) {
        // Inside its 360 px page, 12 px from either edge, as on a phone.
        const frame = (await page.locator('.rule-preview-page').boundingBox())!;
        const box = (await shown.boundingBox())!;
        expect(Math.round(box.x - frame.x - 1)).toBe(12);
        expect(Math.round(box.width)).toBe(336);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('follows no link and sends nothing when its call to action is clicked', async () => {
    const { page, requests } = await openPreview('banner');
    const before = requests.length;
    const url = page.url();
    await previewCard(page).getByRole('link', { name: 'Upgrade to Pro' }).click();
    await previewCard(page).getByRole('button', { name: 'Not interested' }).click();
    await previewCard(page).getByRole('group', { name: 'Why not?' }).waitFor();
    expect(page.url()).toBe(url);
    expect(requests.slice(before)).toEqual([]);
    await page.context().close();
  });

  it('passes axe with the content section, in light and dark, at desktop width and 360 px', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await openPreview('banner', colorScheme);
      for (const scheme of ['light', 'dark'] as const) {
        await page.getByLabel('Colour scheme').selectOption(scheme);
        for (const width of ['desktop', 'phone'] as const) {
          await page.getByLabel('Page width').selectOption(width);
          await settle(previewCard(page));
          await expectNoViolations(page, `on the preview (console ${colorScheme}, preview ${scheme}, ${width})`);
        }
      }
      await page.context().close();
    }
  });
});
