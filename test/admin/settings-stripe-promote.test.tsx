import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/seed';
import { areaServer, copied, SettingsPage, type AreaServer } from '../helpers/admin-area';

let t: AreaServer;
beforeEach(async () => {
  t = await areaServer();
});
afterEach(() => t.cleanup());

const open = (section: string) => {
  location.hash = '';
  render(<SettingsPage envId={t.environment.id} />);
  fireEvent.click(screen.getByRole('tab', { name: section }));
};

describe('settings: Stripe', () => {
  it('gives the URL for Stripe and stores the signing secret, showing only its prefix', async () => {
    await t.signInAs('owner');
    open('Stripe');
    const url = `${location.origin}/v1/webhooks/stripe/${t.environment.id}`;
    expect((await screen.findByLabelText('Stripe webhook URL')).textContent).toBe(url);
    fireEvent.click(screen.getByRole('button', { name: 'Copy Stripe webhook URL' }));
    await waitFor(async () => expect(await copied()).toBe(url));
    expect(screen.getByText(/No signing secret saved yet/)).toBeTruthy();

    fireEvent.input(screen.getByLabelText('Signing secret'), { target: { value: 'not-a-secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save secret' }));
    await waitFor(() => expect(screen.getByLabelText('Signing secret').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/must be a Stripe signing secret/)).toBeTruthy();

    fireEvent.input(screen.getByLabelText('Signing secret'), { target: { value: 'whsec_abcdefgh12345678' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save secret' }));
    expect(await screen.findByText(/A signing secret is saved/)).toBeTruthy();
    expect(screen.queryByText('whsec_abcdefgh12345678')).toBeNull();
    expect(await t.store.getStripeSecret(t.environment.id)).toBe('whsec_abcdefgh12345678');
  });
});

describe('settings: promote', () => {
  it('shows the diff first, then copies the drafts into the chosen environment', async () => {
    // Staging work in Test's drafts; Production has none yet.
    await t.store.putDraftCatalog(t.environment.id, demoContent.catalog);
    for (const rule of demoContent.rules) await t.store.putDraftRule(t.environment.id, rule.id, rule);
    const { environment: production } = await t.store.createEnvironment({ name: 'Production', allowedOrigins: [] });
    await t.signInAs('editor');
    open('Promote');
    fireEvent.change(screen.getByLabelText('Promote into'), { target: { value: production.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Show changes' }));
    const table = await screen.findByRole('table', { name: /changes to the drafts of Production/ });
    expect(within(table).getAllByRole('row').length).toBeGreaterThan(2);
    expect(await t.store.getDraftCatalog(production.id)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Promote into Production' }));
    const dialog = screen.getByRole('dialog', { name: 'Promote Test into Production?' });
    expect(within(dialog).getByText(/live config stays as it is until someone publishes there/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Promote' }));
    expect(await screen.findByText(/Promoted \d+ changes into the drafts of Production/)).toBeTruthy();
    expect(await t.store.getDraftCatalog(production.id)).toEqual(await t.store.getDraftCatalog(t.environment.id));

    // Promoted: the same comparison now finds nothing.
    fireEvent.click(screen.getByRole('button', { name: 'Show changes' }));
    expect(await screen.findByText(/Production's drafts already match Test's/)).toBeTruthy();
  });

  it('is not offered to viewers', async () => {
    await t.signInAs('viewer');
    render(<SettingsPage envId={t.environment.id} />);
    expect(screen.queryByRole('tab', { name: 'Promote' })).toBeNull();
  });
});
