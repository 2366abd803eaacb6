import { fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RulePreview } from '../../admin/src/areas/rules/preview';
import { previewAccount } from '../../admin/src/model/preview-account';
import { exampleCatalog, exampleRules } from '../../shared/examples';
import type { Settings } from '../../shared/schemas/settings';

type Json = Record<string, unknown>;
const clone = <T,>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The example API-call ladder with a German p70 and a variant b with copy of its own for p70. */
function rule(): Json {
  const r = clone(exampleRules[0]!) as unknown as Json;
  const tiers = (r.trigger as { tiers: { content: Json }[] }).tiers;
  tiers[0]!.content.locales = { de: { title: 'Schon {{percent}} Ihrer {{metric}} verbraucht', body: '{{usage}} von {{limit}} auf {{plan.name}}.', cta: 'Pläne vergleichen' } };
  r.variants = [
    { id: 'a', weight: 50 },
    { id: 'b', weight: 50, tiers: { p70: { title: '{{usage}} calls and counting', body: 'Only {{remaining}} to go on {{plan.name}}.', cta: 'See {{offer.plan.name}}' } } },
  ];
  return r;
}

const settings: Settings = { theme: { accent: '#0f766e', darkAccent: '#2dd4bf' } };

const host = async () => (await screen.findByTestId('rule-preview-host')) as HTMLElement;
/** The widget's card inside the preview's shadow root. */
const card = async () => {
  const root = (await host()).shadowRoot!;
  return root.querySelector<HTMLElement>('.card')!;
};
const text = async (cls: string) => (await card()).querySelector(`.${cls}`)!.textContent;
const choose = (name: string, value: string) => fireEvent.change(screen.getByLabelText(name), { target: { value } });

beforeEach(() => {
  previewAccount.value = {
    source: 'manual',
    label: 'acct_42 (pro)',
    context: { user: { id: 'u1', locale: 'en' }, account: { id: 'acct_42', plan: 'pro' }, usage: { api_calls: 87_000, seats: 21 } },
  };
});
afterEach(() => {
  previewAccount.value = null;
});

describe('the rule editor’s live preview', () => {
  it('shows the tier’s copy with the previewed account’s numbers, in the widget’s own card', async () => {
    render(<RulePreview rule={rule()} catalog={exampleCatalog} settings={settings} />);
    expect(await text('title')).toBe('Your team has used 87% of this month’s API calls');
    expect(await text('body')).toBe('87,000 of 100,000 so far on Pro. You are growing; Business has room for much more when you need it.');
    const c = await card();
    expect(c.className).toBe('card banner inform bottom');
    expect(c.querySelector('.use')!.textContent).toBe('87,000 of 100,000 API calls');
    const cta = within(c).getByRole('link', { name: 'Compare plans' });
    expect(cta.getAttribute('href')).toBe('https://app.acme.com/billing/checkout?plan=business&upshift_rule=api-calls-ladder&upshift_tier=p70');
    expect(within(c).getByRole('button', { name: 'Remind me later' })).toBeTruthy();

    choose('Preview tier', 'p95');
    expect(await text('title')).toBe('You are about to run out of API calls');
    expect(await text('body')).toBe('Only 13,000 API calls left this month. Upgrade to Business now to avoid interruptions.');
    expect((await card()).dataset.tone).toBe('urgent');
  });

  it('switches variant and language', async () => {
    render(<RulePreview rule={rule()} catalog={exampleCatalog} settings={settings} />);
    await card();
    choose('Preview variant', 'b');
    expect(await text('title')).toBe('87,000 calls and counting');
    expect(await text('body')).toBe('Only 13,000 to go on Pro.');
    choose('Preview variant', 'a');
    expect(await text('title')).toBe('Your team has used 87% of this month’s API calls');

    choose('Preview variant', '');
    choose('Preview language', 'de');
    expect(await text('title')).toBe('Schon 87\u00a0% Ihrer API calls verbraucht');
    expect(await text('body')).toBe('87.000 von 100.000 auf Pro.');
    // The widget's own strings follow the reader's language too.
    expect(within(await card()).getByRole('button', { name: 'Später erinnern' })).toBeTruthy();
  });

  it('uses the environment’s theme and the widget’s stylesheet for the chosen scheme and width', async () => {
    render(<RulePreview rule={rule()} catalog={exampleCatalog} settings={settings} />);
    const el = await host();
    await card();
    expect(el.style.getPropertyValue('--upshift-accent')).toBe('#0f766e');
    expect(el.style.getPropertyValue('--upshift-darkAccent')).toBe('#2dd4bf');
    const css = () => el.shadowRoot!.querySelector('style')!.textContent!;
    expect(css()).toContain('@media not all{.card{--bg:var(--upshift-darkBackground');
    expect(css()).toContain('@media not all{.banner,.toast{left:12px');

    choose('Colour scheme', 'dark');
    expect(css()).toContain('@media all{.card{--bg:var(--upshift-darkBackground');
    expect(el.parentElement!.dataset.scheme).toBe('dark');
    choose('Page width', 'phone');
    expect(css()).toContain('@media all{.banner,.toast{left:12px');
    expect(el.parentElement!.dataset.width).toBe('phone');
    expect(css()).toContain('calc(100cqw - 24px)');
  });

  it('does nothing real when its buttons are used', async () => {
    render(<RulePreview rule={rule()} catalog={exampleCatalog} settings={settings} />);
    const c = await card();
    // The checkout link is not followed: its click is cancelled.
    expect(fireEvent.click(within(c).getByRole('link', { name: 'Compare plans' }))).toBe(false);
    fireEvent.click(within(c).getByRole('button', { name: 'Not interested' }));
    const why = within(await card()).getByRole('group', { name: 'Why not?' });
    fireEvent.click(within(why).getByRole('button', { name: 'Not enough budget' }));
    // Back to the offer: nothing was recorded, the card is still there.
    expect(within(await card()).getByRole('button', { name: 'Not interested' })).toBeTruthy();
  });

  it('says what it needs when the rule cannot be worded yet', async () => {
    render(<RulePreview rule={{ id: 'new', trigger: { type: 'usage', metric: 'seats', tiers: [] }, offer: { type: 'contact_sales' } }} catalog={exampleCatalog} settings={null} />);
    expect(screen.getByText('Add a tier to see the preview.')).toBeTruthy();
  });
});
