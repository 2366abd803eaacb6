import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Prompt } from '../../shared/engine/types';
import { stringsFor } from '../../widget/i18n';
import { Banner } from '../../widget/surfaces/Banner';

const prompt = (over: Partial<Prompt> = {}): Prompt => ({
  ruleId: 'api-usage-ladder',
  tier: 'p85',
  tone: 'recommend',
  surface: 'banner',
  configVersion: 3,
  content: { title: '90% of your API calls used', body: '9,000 of 10,000 used.', cta: 'See Pro' },
  offer: { type: 'upgrade', plan: { id: 'pro', name: 'Pro' }, href: '/billing?plan=pro&upshift_rule=api-usage-ladder' },
  metric: { id: 'api_calls', name: 'API calls', usage: 9000, limit: 10000, percent: 90 },
  ...over,
});

function renderBanner(p: Prompt, locale = 'en') {
  const onCta = vi.fn();
  const onDismiss = vi.fn();
  render(<Banner prompt={p} strings={stringsFor(locale)} onCta={onCta} onDismiss={onDismiss} />);
  return { onCta, onDismiss };
}

describe('Banner', () => {
  it('is a region named by its title and described by its body', () => {
    renderBanner(prompt());
    const region = screen.getByRole('region', { name: '90% of your API calls used' });
    expect(region.getAttribute('data-tone')).toBe('recommend');
    expect(region.textContent).toContain('9,000 of 10,000 used.');
  });

  it('offers the checkout link as the call to action and reports the click', () => {
    const { onCta } = renderBanner(prompt());
    const link = screen.getByRole('link', { name: 'See Pro' });
    expect(link.getAttribute('href')).toBe('/billing?plan=pro&upshift_rule=api-usage-ladder');
    link.addEventListener('click', (e) => e.preventDefault());
    fireEvent.click(link);
    expect(onCta).toHaveBeenCalledTimes(1);
  });

  it('dismisses with a labelled button', () => {
    const { onDismiss, onCta } = renderBanner(prompt());
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onDismiss).toHaveBeenCalledTimes(1);
    expect(onCta).not.toHaveBeenCalled();
  });

  it.each([
    ['de', 'Schließen'],
    ['fr-CA', 'Fermer'],
    ['ja', 'Dismiss'],
  ])('labels the dismiss button for locale %s as %s', (locale, label) => {
    renderBanner(prompt(), locale);
    expect(screen.getByRole('button', { name: label })).toBeTruthy();
  });

  it.each([
    ['javascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['//evil.test/phish'],
    ['java\nscript:alert(1)'],
  ])('never turns %j into a link', (href) => {
    renderBanner(prompt({ offer: { type: 'upgrade', plan: { id: 'pro', name: 'Pro' }, href } }));
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByRole('button', { name: 'See Pro' })).toBeTruthy();
  });

  it('renders marketer copy as text, never as HTML', () => {
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    renderBanner(prompt({ content: { title: payload, body: '<b>bold</b>', cta: '<a href="javascript:1">go</a>' } }));
    const region = screen.getByRole('region', { name: payload });
    expect(region.querySelector('img, script, b, a[href^="javascript"]')).toBeNull();
    expect(region.textContent).toContain('<b>bold</b>');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
