import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embedSnippet } from '../../admin/src/areas/settings/install/snippet';
import { areaServer, copied, SettingsPage, type AreaServer } from '../helpers/admin-area';
import { APP_ORIGIN } from '../helpers/test-app';

let t: AreaServer;
beforeEach(async () => {
  t = await areaServer();
  location.hash = '';
});
afterEach(() => t.cleanup());

describe('settings: sections', () => {
  it('moves between sections with the arrow keys, Home and End', async () => {
    await t.signInAs('viewer');
    render(<SettingsPage envId={t.environment.id} />);
    const install = screen.getByRole('tab', { name: 'Install' });
    expect(install.getAttribute('aria-selected')).toBe('true');
    install.focus();
    fireEvent.keyDown(install, { key: 'ArrowDown' });
    const keys = screen.getByRole('tab', { name: 'Secret keys' });
    expect(keys.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(keys);
    expect(await screen.findByRole('heading', { name: 'Secret keys', level: 2 })).toBeTruthy();
    fireEvent.keyDown(keys, { key: 'End' });
    // A viewer cannot promote, so the last section is Prompt settings.
    expect(screen.getByRole('tab', { name: 'Prompt settings' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.queryByRole('tab', { name: 'Promote' })).toBeNull();
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(screen.getByRole('tab', { name: 'Install' }).getAttribute('aria-selected')).toBe('true');
    expect(location.hash).toBe('#install');
  });
});

describe('settings: install', () => {
  it('gives the exact snippet for this server and environment, copyable', async () => {
    await t.signInAs('viewer');
    render(<SettingsPage envId={t.environment.id} />);
    const snippet = screen.getByLabelText('Embed snippet');
    expect(snippet.textContent).toBe(embedSnippet(location.origin, t.key));
    fireEvent.click(screen.getByRole('button', { name: 'Copy embed snippet' }));
    await waitFor(async () => expect(await copied()).toBe(embedSnippet(location.origin, t.key)));
    fireEvent.click(screen.getByRole('button', { name: 'Copy identify example' }));
    await waitFor(async () => expect(await copied()).toMatch(/^Upshift\.identify\(\{/));
    expect(screen.queryByRole('button', { name: 'Rotate publishable key' })).toBeNull();
  });

  it('rotates the publishable key with a grace period, saying what happens to pages with the old key', async () => {
    await t.signInAs('owner');
    render(<SettingsPage envId={t.environment.id} />);
    fireEvent.change(screen.getByLabelText('Old key keeps working for'), { target: { value: '3600' } });
    fireEvent.click(screen.getByRole('button', { name: 'Rotate publishable key' }));
    const dialog = screen.getByRole('dialog', { name: /Rotate the publishable key/ });
    expect(within(dialog).getByText(/keep working for 1 hour, then stop/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate key' }));

    const rotated = await waitFor(async () => {
      const env = await t.store.findEnvironment(t.environment.id);
      expect(env?.publishableKey).not.toBe(t.key);
      return env!;
    });
    await waitFor(() => expect(screen.getByLabelText('Publishable key').textContent).toBe(rotated.publishableKey));
    expect(screen.getByText(/previous publishable key keeps working until/)).toBeTruthy();
    expect(screen.getByLabelText('Embed snippet').textContent).toContain(`data-key="${rotated.publishableKey}"`);
  });

  it('shows the installation check per origin, with guidance until a widget arrives', async () => {
    await t.signInAs('viewer');
    render(<SettingsPage envId={t.environment.id} />);
    expect(await screen.findByText(/No widget has fetched this environment's config yet/)).toBeTruthy();
    const row = screen.getByRole('rowheader', { name: APP_ORIGIN }).closest('tr')!;
    expect(within(row).getByText('Never')).toBeTruthy();

    // A widget on the allowed origin loads the config, as a page with the snippet does.
    const res = await t.app.request(`/v1/config?key=${t.key}`, { headers: { Origin: APP_ORIGIN } });
    expect(res.status).toBe(200);
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(screen.queryByText(/No widget has fetched/)).toBeNull());
    expect(within(screen.getByRole('rowheader', { name: APP_ORIGIN }).closest('tr')!).queryByText('Never')).toBeNull();
    expect(screen.getByText(/no events arrived in the last hour/)).toBeTruthy();
  });
});
