import { fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentErrors, ContentSection, LIMITS } from '../../admin/src/areas/rules/content';
import { previewAccount } from '../../admin/src/model/preview-account';
import { exampleCatalog, exampleRules } from '../../shared/examples';
import { Content } from '../../shared/schemas/rule';

type Json = Record<string, unknown>;
const clone = <T,>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const ladder = (): Json => clone(exampleRules[0]!) as unknown as Json;

/** A discovery rule: an event trigger with the rule's own copy. */
const discovery = (): Json => ({
  id: 'reports-discovery',
  name: 'Automate reports',
  status: 'draft',
  priority: 10,
  surface: 'toast',
  offer: { type: 'trial', feature: 'automations', days: 14 },
  trigger: { type: 'event', event: 'report_exported', count: 3, withinDays: 7 },
  content: { title: 'Export less, automate more', body: 'You exported {{count}} reports this week.', cta: 'Try {{feature.name}}' },
});

let latest: Json;
function Harness({ initial, errors = {} }: { initial: Json; errors?: Record<string, string> }) {
  const [rule, setRule] = useState(initial);
  latest = rule;
  return <ContentSection rule={rule} onChange={setRule} errors={errors} catalog={exampleCatalog} envId="env_1" />;
}

const field = (name: string) => screen.getByLabelText(name) as HTMLInputElement | HTMLTextAreaElement;
const type = (name: string, value: string) => fireEvent.input(field(name), { target: { value } });
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

describe('the rule editor’s content section', () => {
  it('adds a German translation at content.locales.de, and removes it again when emptied', () => {
    render(<Harness initial={discovery()} />);
    type('New language', 'de');
    fireEvent.click(screen.getByRole('button', { name: 'Add language' }));
    expect((screen.getByLabelText('Language') as HTMLSelectElement).value).toBe('de');
    expect(screen.getByRole('heading', { name: 'Copy for the rule’s copy in German (de)' })).toBeTruthy();
    type('Title', 'Weniger exportieren');
    type('Body', '{{count}} Berichte diese Woche.');
    type('Call to action', '{{feature.name}} testen');
    expect((latest.content as Json).locales).toEqual({ de: { title: 'Weniger exportieren', body: '{{count}} Berichte diese Woche.', cta: '{{feature.name}} testen' } });
    // The English copy is untouched.
    expect((latest.content as Json).title).toBe('Export less, automate more');

    for (const name of ['Title', 'Body', 'Call to action']) type(name, '');
    expect(latest.content).toEqual(discovery().content);
    expect('locales' in (latest.content as Json)).toBe(false);
  });

  it('says which tier lacks a translation that another tier has', () => {
    const rule = ladder();
    const tiers = (rule.trigger as { tiers: { content: Json }[] }).tiers;
    tiers[0]!.content.locales = { de: { title: 'Schon {{percent}} verbraucht', body: '{{usage}} von {{limit}}', cta: 'Pläne vergleichen' } };
    render(<Harness initial={rule} />);
    const warning = screen.getByText(/German \(de\) is missing for/);
    expect(warning.textContent).toBe('German (de) is missing for tier p85; tier p95: readers in that language see the English copy there.');

    // Translating p85 and p95 clears it.
    choose('Language', 'de');
    for (const tier of ['1', '2']) {
      choose('Tier', tier);
      type('Title', 'Titel');
      type('Body', 'Text');
      type('Call to action', 'Los');
    }
    expect(screen.queryByText(/is missing for/)).toBeNull();
    expect((latest.trigger as { tiers: { content: Json }[] }).tiers[2]!.content.locales).toEqual({ de: { title: 'Titel', body: 'Text', cta: 'Los' } });
  });

  it('counts characters against the schema’s limits and flags copy over them', () => {
    expect(LIMITS).toEqual({ title: Content.shape.title.maxLength, body: Content.shape.body.maxLength, cta: Content.shape.cta.maxLength });
    render(<Harness initial={discovery()} />);
    expect(screen.getByText('26 of 120 characters')).toBeTruthy();
    type('Call to action', 'x'.repeat(41));
    expect(screen.getByText('41 of 40 characters')).toBeTruthy();
    expect(field('Call to action').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Call to action is too long: 41 of 40 characters.')).toBeTruthy();
  });

  it('inserts {{usage.seats}} at the cursor and shows its value for the previewed account', () => {
    render(<Harness initial={ladder()} />);
    const table = within(screen.getByRole('table', { name: 'Template variables, with their values for acct_42 (pro)' }));
    const row = (token: string) => table.getByRole('rowheader', { name: token }).closest('tr')!;
    expect(row('{{usage.seats}}').querySelector('td')!.textContent).toBe('21');
    expect(row('{{limits.seats}}').querySelector('td')!.textContent).toBe('25');
    expect(row('{{percent}}').querySelector('td')!.textContent).toBe('87%');
    expect(row('{{plan.name}}').querySelector('td')!.textContent).toBe('Pro');
    expect(row('{{offer.plan.name}}').querySelector('td')!.textContent).toBe('Business');
    expect(row('{{remaining}}').querySelector('td')!.textContent).toBe('13,000');
    expect(row('{{usage}}').querySelector('td')!.textContent).toBe('87,000');
    // Previews have no usage history: a forecast is assumed, so its variables show a value.
    expect(row('{{forecast.date}}').querySelector('td')!.textContent).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);

    const body = field('Body');
    const before = body.value;
    const at = before.indexOf(' so far');
    body.focus();
    body.setSelectionRange(at, at);
    fireEvent.click(table.getByRole('button', { name: 'Insert {{usage.seats}}' }));
    const after = `${before.slice(0, at)}{{usage.seats}}${before.slice(at)}`;
    expect(field('Body').value).toBe(after);
    expect((latest.trigger as { tiers: { content: Json }[] }).tiers[0]!.content.body).toBe(after);
    expect(field('Body').selectionStart).toBe(at + '{{usage.seats}}'.length);
  });

  it('warns about a variable the rule cannot fill', () => {
    render(<Harness initial={discovery()} />);
    type('Title', 'Hi {{usage.sets}} and {{percent}}');
    // An event rule reads no metric: it has no percentage to fill in.
    expect(screen.getByText(/Unknown template variables/).textContent).toContain('{{usage.sets}}, {{percent}}');
  });

  it('requires the English copy at its field and shows the server’s errors at theirs', () => {
    const errors = { 'trigger.tiers.1.content.locales.de.title': 'Too big: expected string to have <=120 characters', 'trigger.tiers.2.content.cta': 'Too small' };
    const rule = ladder();
    (rule.trigger as { tiers: { content: Json }[] }).tiers[1]!.content.locales = { de: { title: 'x', body: 'y', cta: 'z' } };
    render(<Harness initial={rule} errors={errors} />);
    type('Title', '');
    expect(screen.getByText('Title is required in English: readers without a translation see it.')).toBeTruthy();
    // The same problems, by path, for the editor to refuse a save with.
    expect(contentErrors(latest)).toEqual({ 'trigger.tiers.0.content.title': 'Title is required in English: readers without a translation see it.' });
    expect(field('Title').getAttribute('aria-invalid')).toBe('true');

    // Errors for copy not on screen are listed by place…
    const elsewhere = screen.getByRole('alert');
    expect(within(elsewhere).getByText('tier p85 · German (de) · Title: Too big: expected string to have <=120 characters')).toBeTruthy();
    expect(within(elsewhere).getByText('tier p95 · English · Call to action: Too small')).toBeTruthy();
    // …and land at their field once it is.
    choose('Tier', '1');
    choose('Language', 'de');
    expect(field('Title').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Too big: expected string to have <=120 characters')).toBeTruthy();
  });

  it('gives a variant copy of its own per tier, and hands it back', () => {
    const rule = ladder();
    rule.variants = [{ id: 'a', weight: 50 }, { id: 'b', weight: 50 }];
    render(<Harness initial={rule} />);
    choose('Variant', '1');
    expect(screen.getByText(/Variant b shows the rule’s copy here/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Write copy for variant b' }));
    type('Title', 'Variant B at {{percent}}');
    const base = (ladder().trigger as { tiers: { content: Json }[] }).tiers[0]!.content;
    expect((latest.variants as Json[])[1]).toEqual({ id: 'b', weight: 50, tiers: { p70: { ...base, title: 'Variant B at {{percent}}' } } });
    fireEvent.click(screen.getByRole('button', { name: 'Use the rule’s copy for variant b' }));
    expect((latest.variants as Json[])[1]).toEqual({ id: 'b', weight: 50 });
  });

  it('removes a language from every tier after a confirmation, and shows an error about a whole copy', () => {
    const rule = ladder();
    const tiers = (rule.trigger as { tiers: { content: Json }[] }).tiers;
    tiers[0]!.content.locales = { de: { title: 'a', body: 'b', cta: 'c' }, fr: { title: 'd', body: 'e', cta: 'f' } };
    tiers[2]!.content.locales = { de: { title: 'g', body: 'h', cta: 'i' } };
    render(<Harness initial={rule} errors={{ 'trigger.tiers.0.content': 'copy must be an object' }} />);
    expect(screen.getByRole('alert').textContent).toBe('copy must be an object');
    choose('Language', 'de');
    fireEvent.click(screen.getByRole('button', { name: 'Remove German (de)' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove German (de)?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove language' }));
    const after = (latest.trigger as { tiers: { content: Json }[] }).tiers;
    expect(after[0]!.content.locales).toEqual({ fr: { title: 'd', body: 'e', cta: 'f' } });
    expect('locales' in after[2]!.content).toBe(false);
    expect((screen.getByLabelText('Language') as HTMLSelectElement).value).toBe('');
  });

  it('asks for a tier before a ladder without tiers can have copy', () => {
    render(<Harness initial={{ id: 'empty', trigger: { type: 'usage', metric: 'seats', tiers: [] }, offer: { type: 'contact_sales' } }} />);
    expect(screen.getByText('A usage ladder’s copy belongs to its tiers: add a tier to write it.')).toBeTruthy();
    expect(screen.queryByLabelText('Title')).toBeNull();
  });
});
