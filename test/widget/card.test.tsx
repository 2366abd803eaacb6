import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Prompt } from '../../shared/engine/types';
import { DECLINE_REASONS } from '../../shared/schemas/event';
import { widgetStrings } from '../../shared/strings';
import { stringsFor } from '../../widget/ui/i18n';
import type { Actions, Ui } from '../../widget/model';
import { Card, REASONS } from '../../widget/ui/Card';

const prompt = (over: Partial<Prompt> = {}): Prompt => ({
  ruleId: 'api-usage-ladder',
  tier: 'p85',
  tone: 'recommend',
  surface: 'banner',
  configVersion: 3,
  content: { title: '90% of your API calls used', body: '9,000 of 10,000 used.', cta: 'See Pro' },
  offer: { type: 'upgrade', plan: { id: 'pro', name: 'Pro' }, href: '/billing?plan=pro&upshift_rule=api-usage-ladder' },
  metric: { id: 'api_calls', name: 'API calls', usage: 8700, limit: 10000, percent: 87 },
  ...over,
});

function actions(): { [K in keyof Actions]: ReturnType<typeof vi.fn> } & Actions {
  return { go: vi.fn(), later: vi.fn(), no: vi.fn(), close: vi.fn(), mode: vi.fn(), seen: vi.fn() } as never;
}

function renderCard(p: Prompt, options: { locale?: string; ui?: Ui; ask?: boolean; modal?: boolean } = {}) {
  const a = actions();
  const format = new Intl.NumberFormat(options.locale ?? 'en');
  render(<Card p={p} s={stringsFor(widgetStrings(), options.locale)} ui={options.ui ?? {}} ask={options.ask ?? false} num={(n) => format.format(n)} a={a} modal={options.modal} />);
  return a;
}

describe('Card', () => {
  it('is a region named by its title and described by its body', () => {
    renderCard(prompt());
    const region = screen.getByRole('region', { name: '90% of your API calls used' });
    expect(region.getAttribute('data-tone')).toBe('recommend');
    expect(region.getAttribute('aria-describedby')).toBe('u-api-usage-ladder-b');
    expect(region.textContent).toContain('9,000 of 10,000 used.');
  });

  it('is a modal dialog when rendered in one', () => {
    renderCard(prompt({ surface: 'modal' }), { modal: true });
    const dialog = screen.getByRole('dialog', { name: '90% of your API calls used' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
  });

  it.each([
    ['en', '8,700 of 10,000 API calls'],
    ['de', '8.700 von 10.000 API calls'],
    ['fr', '8\u202f700 sur 10\u202f000 API calls'],
  ])('shows the usage meter in %s as %j, filled to the usage', (locale, text) => {
    renderCard(prompt(), { locale });
    expect(document.querySelector('.use')?.textContent).toBe(text);
    const fill = document.querySelector<HTMLElement>('.meter i');
    expect(fill?.style.width).toBe('87%');
  });

  it('caps the meter at full when usage is over the limit, and has none without a limit', () => {
    renderCard(prompt({ metric: { id: 'api_calls', name: 'API calls', usage: 12000, limit: 10000, percent: 120 } }));
    expect(document.querySelector<HTMLElement>('.meter i')?.style.width).toBe('100%');
    document.body.innerHTML = '';
    renderCard(prompt({ metric: { id: 'api_calls', name: 'API calls', usage: 12000 } }));
    expect(document.querySelector('.meter')).toBeNull();
  });

  it('offers the checkout link as the call to action and reports the click', () => {
    const a = renderCard(prompt());
    const link = screen.getByRole('link', { name: 'See Pro' });
    expect(link.getAttribute('href')).toBe('/billing?plan=pro&upshift_rule=api-usage-ladder');
    link.addEventListener('click', (e) => e.preventDefault());
    fireEvent.click(link);
    expect(a.go).toHaveBeenCalledTimes(1);
    expect(a.go.mock.calls[0]![2]).toBe(false);
  });

  it('asks the admin instead of buying when the person cannot buy', () => {
    const a = renderCard(prompt(), { ask: true });
    expect(screen.queryByRole('link')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Ask your admin' }));
    expect(a.go.mock.calls[0]![2]).toBe(true);
  });

  it.each([
    ['en', 'Ask your admin'],
    ['de', 'Admin fragen'],
    ['fr', 'Demander à mon admin'],
  ])('words "ask your admin" in %s', (locale, label) => {
    renderCard(prompt(), { locale, ask: true });
    expect(screen.getByRole('button', { name: label })).toBeTruthy();
  });

  it('dismisses with a labelled close button, snoozes with "Remind me later"', () => {
    const a = renderCard(prompt());
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(a.close).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Remind me later' }));
    expect(a.later).toHaveBeenCalledTimes(1);
    expect(a.go).not.toHaveBeenCalled();
  });

  it.each([['inline'], ['panel']] as const)('offers no snooze on the %s surface, which does not interrupt', (surface) => {
    renderCard(prompt({ surface }));
    expect(screen.queryByRole('button', { name: 'Remind me later' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Not interested' })).toBeTruthy();
  });

  it('asks why when the person is not interested, and records the reason they pick', () => {
    const a = renderCard(prompt());
    fireEvent.click(screen.getByRole('button', { name: 'Not interested' }));
    expect(a.mode).toHaveBeenCalledWith(expect.objectContaining({ ruleId: 'api-usage-ladder' }), 'no');
    document.body.innerHTML = '';
    const b = renderCard(prompt(), { ui: { mode: 'no' } });
    const group = screen.getByRole('group', { name: 'Why not?' });
    expect([...group.querySelectorAll('button')].map((x) => x.textContent)).toEqual(['Not enough budget', 'Not the right time', 'Doesn’t fit our use case', 'Other reason']);
    expect(document.activeElement?.textContent).toBe('Not enough budget');
    fireEvent.click(screen.getByRole('button', { name: 'Not the right time' }));
    expect(b.no).toHaveBeenCalledWith(expect.anything(), 'timing');
    fireEvent.click(screen.getByRole('button', { name: 'Other reason' }));
    expect(b.mode).toHaveBeenCalledWith(expect.anything(), 'other');
  });

  it('takes a free-text note for "other"', () => {
    const a = renderCard(prompt(), { ui: { mode: 'other' } });
    const note = screen.getByLabelText('Other reason');
    expect(document.activeElement).toBe(note);
    fireEvent.input(note, { target: { value: 'We build our own' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(a.no).toHaveBeenCalledWith(expect.anything(), 'other', 'We build our own');
  });

  it('offers the same decline reasons as the event schema', () => {
    expect(REASONS).toEqual(DECLINE_REASONS);
  });

  it('shows an outcome in the person’s language and keeps only the close button', () => {
    renderCard(prompt({ offer: { type: 'trial', id: 'scheduled_reports', name: 'Scheduled reports', days: 14 } }), {
      locale: 'de',
      ui: { ok: true, msg: ['unlocked', 'Scheduled reports', 14] },
    });
    expect(screen.getByText('Scheduled reports für 14 Tage freigeschaltet')).toBeTruthy();
    expect(screen.getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['Schließen']);
  });

  it('keeps the call to action after a failure so the person can retry', () => {
    renderCard(prompt({ offer: { type: 'trial', id: 'x', name: 'X', days: 14 }, content: { title: 'T', body: 'B', cta: 'Start trial' } }), { ui: { msg: ['failed'] } });
    expect(screen.getByText('Something went wrong. Please try again.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Start trial' })).toBeTruthy();
  });

  it('explains a locked feature on the panel: what it does, a quote, where it is included, the trial', () => {
    renderCard(
      prompt({
        surface: 'panel',
        metric: undefined as never,
        feature: { id: 'scheduled_reports', name: 'Scheduled reports', description: 'Email any dashboard every morning.', quote: '“Saves me an hour a day.”' },
        offer: { type: 'trial', id: 'scheduled_reports', name: 'Scheduled reports', plan: { id: 'pro', name: 'Pro' }, days: 14 },
      }),
      { modal: true },
    );
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('Email any dashboard every morning.');
    expect(dialog.querySelector('blockquote')?.textContent).toBe('“Saves me an hour a day.”');
    expect(dialog.textContent).toContain('Included in Pro · 14-day free trial');
  });

  it.each([
    ['javascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['//evil.test/phish'],
    ['java\nscript:alert(1)'],
  ])('never turns %j into a link', (href) => {
    renderCard(prompt({ offer: { type: 'upgrade', plan: { id: 'pro', name: 'Pro' }, href } }));
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByRole('button', { name: 'See Pro' })).toBeTruthy();
  });

  it('renders marketer copy as text, never as HTML', () => {
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    renderCard(prompt({ content: { title: payload, body: '<b>bold</b>', cta: '<a href="javascript:1">go</a>' } }));
    const region = screen.getByRole('region', { name: payload });
    expect(region.querySelector('img, script, b, a[href^="javascript"]')).toBeNull();
    expect(region.textContent).toContain('<b>bold</b>');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
