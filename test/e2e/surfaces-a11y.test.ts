import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { eventually, readEvents, sendMarker } from './harness';
import { expectNoViolations } from './host';
import { SURFACES, useSurfaces } from './surfaces-fixture';

// Each surface reads well to axe-core open and closed, in light and dark, fits a 320 px phone, and
// counts its impression only once a person could have seen it.

const { server, open, card, show, close } = useSurfaces();

describe('axe-core on each surface, in light and dark schemes', () => {
  it.each(SURFACES)('%s: no violations open, nor after it is closed', async (surface) => {
    const { page: p, errors } = await open(surface === 'panel' ? '' : surface);
    await show(p, surface);
    await expectNoViolations(p, `with the ${surface} open (light)`);
    await p.emulateMedia({ colorScheme: 'dark' });
    expect(await p.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
    await expectNoViolations(p, `with the ${surface} open (dark)`);
    await close(p, surface);
    await expectNoViolations(p, `after the ${surface} was closed (dark)`);
    await p.emulateMedia({ colorScheme: 'light' });
    await expectNoViolations(p, `after the ${surface} was closed (light)`);
    expect(errors).toEqual([]);
  });
});

describe('at a 320 px wide viewport', () => {
  it.each(SURFACES)('the %s fits inside the viewport', async (surface) => {
    const { page: p } = await open(surface === 'panel' ? '' : surface, { width: 320 });
    const c = await show(p, surface);
    await c.scrollIntoViewIfNeeded();
    const box = (await c.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    // Nothing inside spills out sideways either.
    const widest = await c.evaluate((el) => Math.max(...[el, ...el.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(320);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  });
});

describe('impressions', () => {
  const impressions = (user: string, rule: string) => readEvents(server().dbFile).filter((e) => e.type === 'impression' && e.user_id === `user_${user}` && e.rule_id === rule);
  let marks = 0;

  /**
   * Waits until the widget's IntersectionObserver has reported where `l` is now, then runs every
   * timer the page has for longer than the impression's 1 s dwell, then sends a marker through the
   * transport: any impression a report of that position could cause is stored by the time it
   * returns. An observer of ours, made now, has its first report after the widget's older one has
   * had its report of the same rendering (they are notified in the order they were made).
   */
  async function settle(p: Page, l: Locator): Promise<void> {
    await l.evaluate(
      (el) =>
        new Promise<void>((resolve) => {
          const io = new IntersectionObserver(() => {
            io.disconnect();
            resolve();
          });
          io.observe(el);
        }),
    );
    await p.clock.runFor(1500);
    await sendMarker(p, server().dbFile, `surfaces_marker_${++marks}`);
  }

  const inView = (l: Locator) => l.evaluate((el) => el.getBoundingClientRect().top < innerHeight && el.getBoundingClientRect().bottom > 0);

  it('an inline card far below the fold counts no impression until it is scrolled into view, then exactly one', async () => {
    const { page: p, user } = await open('banner inline', { far: true, clock: true });
    await show(p, 'banner');
    // The inline card exists, off-screen.
    const inline = card(p, 'inline');
    await inline.waitFor({ state: 'attached', timeout: 10_000 });
    expect(await inline.evaluate((el) => el.getBoundingClientRect().top > innerHeight)).toBe(true);
    // The banner in view is counted: the widget has been sending impressions meanwhile.
    await eventually(() => expect(impressions(user, 's-banner')).toHaveLength(1), 10_000);
    // The off-screen card, reported on and given its dwell and more, is not.
    await settle(p, inline);
    expect(await inView(inline)).toBe(false);
    expect(impressions(user, 's-inline')).toEqual([]);

    await inline.scrollIntoViewIfNeeded();
    await eventually(() => expect(impressions(user, 's-inline')).toHaveLength(1), 10_000);
    // Scrolling away and back is the same prompt instance: still one.
    await p.mouse.wheel(0, -5000);
    await expect.poll(() => inView(inline)).toBe(false);
    await settle(p, inline);
    await inline.scrollIntoViewIfNeeded();
    expect(await inView(inline)).toBe(true);
    await settle(p, inline);
    expect(impressions(user, 's-inline')).toHaveLength(1);
    expect(impressions(user, 's-banner')).toHaveLength(1);
  });
});
