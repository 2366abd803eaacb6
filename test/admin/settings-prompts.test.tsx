import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { areaServer, SettingsPage, type AreaServer } from '../helpers/admin-area';

let t: AreaServer;
beforeEach(async () => {
  t = await areaServer({ publish: false });
  location.hash = '#prompts';
});
afterEach(() => t.cleanup());

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });
/** The custom properties the preview card of a colour scheme was given. */
const card = (scheme: 'Light' | 'Dark') => screen.getByRole('group', { name: /Live preview/ }).querySelector<HTMLElement>(`[data-scheme="${scheme.toLowerCase()}"]`)!;
const prop = (scheme: 'Light' | 'Dark', name: string) => card(scheme).style.getPropertyValue(name);

describe('settings: prompt settings', () => {
  it('previews the theme as typed, in light and dark, and saves it with the budget', async () => {
    await t.signInAs('editor');
    render(<SettingsPage envId={t.environment.id} />);
    await screen.findByLabelText('Accent');
    expect(prop('Light', '--pv-accent')).toBe('#6d28d9');
    expect(within(screen.getByRole('group', { name: /Live preview/ })).getAllByText('Upgrade to Pro')).toHaveLength(2);

    type('Accent', '#0b6b4f');
    type('Background (dark)', '#101418');
    type('Corner radius', '4px');
    expect(prop('Light', '--pv-accent')).toBe('#0b6b4f');
    expect(prop('Light', '--pv-radius')).toBe('4px');
    expect(prop('Dark', '--pv-bg')).toBe('#101418');
    expect(prop('Dark', '--pv-accent')).toBe('#8155e4');

    // Not a colour the server takes: said at the field, and the preview keeps the last good look.
    type('Text', 'red');
    expect(screen.getByLabelText('Text').getAttribute('aria-invalid')).toBe('true');
    expect(prop('Light', '--pv-text')).toBe('#101828');
    type('Text', '#222');
    // White on a light accent is hard to read: the field says so before anyone publishes it.
    type('Accent (dark)', '#ffcc00');
    expect(screen.getByText(/contrast of 1\.\d:1; keep at least 4\.5:1/)).toBeTruthy();
    type('Accent (dark)', '');

    type('Per day', '2');
    fireEvent.click(screen.getByRole('button', { name: 'Save prompt settings' }));
    await waitFor(async () =>
      expect(await t.store.getDraftSettings(t.environment.id)).toEqual({ budget: { day: 2 }, theme: { accent: '#0b6b4f', darkBackground: '#101418', text: '#222', radius: '4px' } }),
    );
    await waitFor(() => expect((screen.getByRole('button', { name: 'Save prompt settings' }) as HTMLButtonElement).disabled).toBe(true));
  });

  it("shows the server's field errors at their fields", async () => {
    await t.signInAs('owner');
    render(<SettingsPage envId={t.environment.id} />);
    await screen.findByLabelText('Buyer roles');
    type('Buyer roles', `owner, ${'r'.repeat(65)}`);
    fireEvent.click(screen.getByRole('button', { name: 'Save prompt settings' }));
    await waitFor(() => expect(screen.getByLabelText('Buyer roles').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByRole('alert').textContent).toMatch(/buyerRoles\.1/);
    expect(await t.store.getDraftSettings(t.environment.id)).toBeNull();
  });

  it('holds back a save while a field is not a number, and keeps what it does not edit', async () => {
    await t.store.putDraftSettings(t.environment.id, { strings: { de: { later: 'Morgen erinnern' } }, holdout: 5 });
    await t.signInAs('editor');
    render(<SettingsPage envId={t.environment.id} />);
    await waitFor(() => expect((screen.getByLabelText(/^Holdout/) as HTMLInputElement).value).toBe('5'));
    type('Window (days)', 'soon');
    expect(screen.getByText(/Enter a whole number from 1 to 90/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save prompt settings' }));
    // Refused before any request: the submit handler returns without calling the server.
    expect(t.requests.filter((r) => r.startsWith('PUT'))).toEqual([]);
    type('Window (days)', '30');
    fireEvent.change(screen.getByLabelText('Without a click, credit'), { target: { value: 'none' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save prompt settings' }));
    await waitFor(async () =>
      expect(await t.store.getDraftSettings(t.environment.id)).toEqual({ strings: { de: { later: 'Morgen erinnern' } }, holdout: 5, attribution: { windowDays: 30, fallback: 'none' } }),
    );
  });

  it('lets a viewer read the settings but not change them', async () => {
    await t.signInAs('viewer');
    render(<SettingsPage envId={t.environment.id} />);
    expect((await screen.findByLabelText('Accent')).hasAttribute('readonly')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save prompt settings' })).toBeNull();
  });
});
