import { describe, expect, it } from 'vitest';
import { eventually } from './harness';
import { expectNoViolations } from './host';
import { useSurfaces } from './surfaces-fixture';

// Each surface on a host app of its own: where it sits, what it offers, and declining with a reason.

const { site, open, show, declines } = useSurfaces();

describe('each surface on a host page, in Chromium', () => {
  it('the banner is fixed at the bottom, shows the usage meter, and offers the checkout, later, not interested and dismiss', async () => {
    const { page: p, errors } = await open('banner');
    const c = await show(p, 'banner');
    expect(await c.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    const box = (await c.boundingBox())!;
    const viewport = p.viewportSize()!;
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(box.y).toBeGreaterThan(viewport.height / 2);
    expect(await c.getByText('8,700 of 10,000 API calls').isVisible()).toBe(true);
    const cta = c.getByRole('link', { name: 'Upgrade to Pro' });
    const href = new URL((await cta.getAttribute('href'))!, site().url);
    expect(href.searchParams.get('upshift_rule')).toBe('s-banner');
    expect(href.searchParams.get('upshift_tier')).toBe('half');
    for (const name of ['Remind me later', 'Not interested', 'Dismiss']) expect(await c.getByRole('button', { name }).isVisible(), name).toBe(true);
    expect(errors).toEqual([]);
  });

  it('the toast sits in the bottom-right corner', async () => {
    const { page: p } = await open('toast');
    const c = await show(p, 'toast');
    expect(await c.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    const box = (await c.boundingBox())!;
    const viewport = p.viewportSize()!;
    expect(box.x).toBeGreaterThan(viewport.width / 2);
    expect(box.y).toBeGreaterThan(viewport.height / 2);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(await c.getByRole('link', { name: 'Upgrade to Pro' }).count()).toBe(1);
  });

  it('the modal is a modal dialog over a backdrop, labelled by its title and described by its body', async () => {
    const { page: p } = await open('modal');
    const c = await show(p, 'modal');
    expect(await c.getAttribute('aria-modal')).toBe('true');
    const described = await c.evaluate((el) => {
      const root = el.getRootNode() as ShadowRoot;
      return (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => root.getElementById(id)?.textContent)
        .join(' ');
    });
    expect(described).toBe('8,700 of 10,000 used. Pro gives you ten times the room.');
    // The backdrop covers the whole page behind the dialog.
    const backdrop = await c.evaluate((el) => {
      const r = el.parentElement!.getBoundingClientRect();
      return { position: getComputedStyle(el.parentElement!).position, width: r.width, height: r.height };
    });
    expect(backdrop).toEqual({ position: 'fixed', ...p.viewportSize() });
  });

  it('the inline card renders inside the host’s data-upshift-slot, in an <upshift-slot> with its own shadow root, without later', async () => {
    const { page: p } = await open('inline');
    const c = await show(p, 'inline');
    expect(await p.locator('[data-upshift-slot="billing"] > upshift-slot').evaluate((el) => el.shadowRoot !== null && el.shadowRoot.contains(el.shadowRoot.querySelector('[role=region]')))).toBe(true);
    expect(await c.evaluate((el) => getComputedStyle(el).position)).not.toBe('fixed');
    expect(await c.getByRole('button', { name: 'Remind me later' }).count()).toBe(0);
    expect(await c.getByRole('button', { name: 'Not interested' }).isVisible()).toBe(true);
    // Nothing interrupts: the person qualified for the inline rule only.
    expect(await p.locator('upshift-root').count()).toBe(0);
  });

  it('the panel opens on a click on a locked feature and explains it: description, quote, plan and trial length', async () => {
    const { page: p } = await open('');
    const c = await show(p, 'panel');
    expect(await c.getAttribute('aria-modal')).toBe('true');
    expect(await c.getByText('Email any dashboard as a PDF every morning.').isVisible()).toBe(true);
    expect(await c.getByText(/The Monday numbers are simply in everyone’s inbox now/).isVisible()).toBe(true);
    expect(await c.getByText('Included in Pro · 14-day free trial').isVisible()).toBe(true);
    expect(await c.getByRole('button', { name: 'Start the 14-day trial' }).isVisible()).toBe(true);
    expect(await c.getByRole('button', { name: 'Remind me later' }).count()).toBe(0);
  });

  it('each locked feature gets a lock badge naming the plan that has it, in a shadow root of its own', async () => {
    const { page: p } = await open('');
    const badges = p.locator('[data-upshift-feature] > upshift-badge');
    await expect.poll(() => badges.count(), { timeout: 10_000 }).toBe(2);
    expect(await badges.evaluateAll((els) => els.map((el) => el.shadowRoot?.querySelector('.lock')?.textContent))).toEqual(['Pro', 'Pro']);
    // The padlock is drawn (an emoji would depend on the reader's fonts) and hidden from screen readers.
    expect(await badges.evaluateAll((els) => els.map((el) => el.shadowRoot?.querySelector('.lock svg[aria-hidden="true"] path') !== null))).toEqual([true, true]);
    // What a screen reader announces: Chromium's own accessibility tree, which reads through the badge's shadow root.
    const cdp = await p.context().newCDPSession(p);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[] };
    const buttons = nodes.filter((n) => !n.ignored && n.role?.value === 'button').map((n) => n.name?.value);
    expect(buttons).toEqual(expect.arrayContaining(['Scheduled reports Pro', 'Anomaly alerts Pro']));
    expect(buttons).toContain('Save');
  });

  it('"Not interested" asks why, and "Other reason" asks for the reason in a labelled text box', async () => {
    const { page: p, user } = await open('banner');
    const c = await show(p, 'banner');
    await c.getByRole('button', { name: 'Not interested' }).click();
    const why = c.getByRole('group', { name: 'Why not?' });
    for (const name of ['Not enough budget', 'Not the right time', 'Doesn’t fit our use case', 'Other reason']) expect(await why.getByRole('button', { name }).isVisible(), name).toBe(true);
    await expectNoViolations(p, 'with "Why not?" open');
    await why.getByRole('button', { name: 'Other reason' }).click();
    expect(await c.getByRole('textbox', { name: 'Other reason' }).isVisible()).toBe(true);
    expect(await c.getByRole('button', { name: 'Send' }).isVisible()).toBe(true);
    await expectNoViolations(p, 'with "Other reason" open');
    await c.getByRole('textbox', { name: 'Other reason' }).fill('We build this ourselves');
    await c.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => c.count()).toBe(0);
    await eventually(() => expect(declines(user)).toEqual([{ rule_id: 's-banner', reason: 'other', note: 'We build this ourselves' }]), 10_000);
  });
});
