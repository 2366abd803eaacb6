import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../server/services/identity-token';
import { createDeliverer, type Deliverer } from '../../server/services/webhooks/deliver';
import { signWebhook } from '../../server/services/webhooks/sign';
import { areaServer, copied, SettingsPage, type AreaServer } from '../helpers/admin-area';
import { fakeDns } from '../helpers/dns';
import { APP_ORIGIN } from '../helpers/test-app';

let t: AreaServer | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await t?.cleanup();
  await new Promise((done) => (receiver ? receiver.close(done) : done(undefined)));
  receiver = undefined;
});

const open = (section: string) => {
  location.hash = '';
  render(<SettingsPage envId={t!.environment.id} />);
  fireEvent.click(screen.getByRole('tab', { name: section }));
};
const type = (field: HTMLElement, value: string) => fireEvent.input(field, { target: { value } });

/** An event batch from the page, as the widget sends it, with or without the person's token. */
const sendEvent = (token?: string) =>
  t!.app.request(`/v1/events?key=${t!.key}`, {
    method: 'POST',
    headers: { Origin: APP_ORIGIN, 'Content-Type': 'application/json', ...(token ? { 'X-Upshift-Token': token } : {}) },
    body: JSON.stringify({ events: [{ id: randomUUID(), type: 'track', at: new Date().toISOString(), userId: 'user_42', accountId: 'acct_7', name: 'report_exported' }] }),
  });

describe('settings: identity verification', () => {
  it('turns verification on, shows the secret once, and tokens signed with it are taken', async () => {
    t = await areaServer();
    await t.signInAs('owner');
    open('Identity verification');
    expect(await screen.findByText(/Not set up/)).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Require a signed identity token'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    const once = await screen.findByRole('region', { name: 'Identity verification secret' });
    const secret = within(once).getByLabelText('Identity verification secret').textContent!;
    expect(secret).toMatch(/^idsec_/);
    expect(await screen.findByText(/On: every request that acts for a person/)).toBeTruthy();
    expect((await sendEvent()).status).toBe(401);
    const token = signIdentityToken({ sub: 'user_42', account: 'acct_7', exp: Math.floor(Date.now() / 1000) + 3600 }, secret);
    expect((await sendEvent(token)).status).toBe(200);

    fireEvent.click(within(once).getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByText(secret)).toBeNull();
  });

  it('rotates the secret with an overlap, saying what happens to tokens signed with the old one', async () => {
    t = await areaServer();
    await t.signInAs('owner');
    open('Identity verification');
    fireEvent.click(await screen.findByLabelText('Require a signed identity token'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const first = within(await screen.findByRole('region', { name: 'Identity verification secret' })).getByLabelText('Identity verification secret').textContent!;
    fireEvent.click(screen.getByRole('button', { name: 'I have stored it' }));

    fireEvent.change(screen.getByLabelText('Old secret keeps working for'), { target: { value: '86400' } });
    fireEvent.click(screen.getByRole('button', { name: 'Rotate secret' }));
    const dialog = screen.getByRole('dialog', { name: 'Rotate the identity verification secret?' });
    expect(within(dialog).getByText(/still taken for 24 hours/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate secret' }));
    const second = within(await screen.findByRole('region', { name: 'Identity verification secret' })).getByLabelText('Identity verification secret').textContent!;
    expect(second).not.toBe(first);
    expect(await screen.findByText(/previous secret are taken until/)).toBeTruthy();
  });

  it('gives a copyable signing example per language', async () => {
    t = await areaServer();
    await t.signInAs('viewer');
    open('Identity verification');
    // A viewer sees how to sign, not the controls.
    expect(screen.queryByLabelText('Require a signed identity token')).toBeNull();
    const node = screen.getByRole('tab', { name: 'Node' });
    node.focus();
    fireEvent.keyDown(node, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Python' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByLabelText('Python signing example').textContent).toContain('def upshift_token');
    fireEvent.click(screen.getByRole('button', { name: 'Copy Python example' }));
    await waitFor(async () => expect(await copied()).toContain('hashlib.sha256'));
    for (const lang of ['Ruby', 'Go']) expect(screen.getByRole('tab', { name: lang })).toBeTruthy();
  });
});

describe('settings: webhook endpoint', () => {
  it('creates the endpoint, shows its secret once, logs a failed test event and resends it', async () => {
    // A real receiver on loopback: it refuses the first delivery, then takes what comes.
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(received.length === 1 ? 500 : 200).end();
      });
    });
    await new Promise<void>((done) => receiver!.listen(0, '127.0.0.1', done));
    const port = (receiver.address() as AddressInfo).port;
    const destinations = { allowPrivate: true, resolve: fakeDns({ 'hooks.acme.test': ['127.0.0.1'] }) };
    // No retries: the first failure is final, so Resend has something to resend.
    let real: Deliverer | undefined;
    const deliverer: Deliverer = { start: () => real!.start(), kick: () => real!.kick(), idle: () => real!.idle(), stop: () => real!.stop() };
    t = await areaServer({ webhooks: destinations, deliverer, wrapStore: (store) => ((real = createDeliverer({ store, destinations, retryDelays: [] })), store) });
    await t.signInAs('owner');
    open('Webhook endpoint');

    expect(await screen.findByText(/No endpoint yet/)).toBeTruthy();
    expect(screen.getByText(/No deliveries yet/)).toBeTruthy();
    // Cloud metadata stays out of reach even where private networks are allowed: the server says so at `url`.
    type(screen.getByLabelText('Endpoint URL'), 'http://169.254.169.254/latest');
    fireEvent.click(screen.getByRole('button', { name: 'Create endpoint' }));
    await waitFor(() => expect(screen.getByLabelText('Endpoint URL').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/link-local/i)).toBeTruthy();

    type(screen.getByLabelText('Endpoint URL'), `http://hooks.acme.test:${port}/upshift`);
    fireEvent.click(screen.getByLabelText(/^admin\.requested/));
    fireEvent.click(screen.getByRole('button', { name: 'Create endpoint' }));
    const secret = within(await screen.findByRole('region', { name: 'Webhook signing secret' })).getByLabelText('Webhook signing secret').textContent!;
    expect(secret).toMatch(/^whsec_/);
    expect((await t.store.getWebhookEndpoint(t.environment.id))?.events).toEqual(['trial.started', 'account.readiness_high']);

    fireEvent.click(screen.getByRole('button', { name: 'Send a test event' }));
    await waitFor(() => expect(received).toHaveLength(1));
    await real!.idle();
    const [first] = received;
    const id = String(first!.headers['webhook-id']);
    expect(first!.headers['webhook-signature']).toBe(signWebhook(secret, id, Number(first!.headers['webhook-timestamp']), first!.body));

    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    const row = (await screen.findByRole('rowheader', { name: /webhook\.test/ })).closest('tr')!;
    await waitFor(() => expect(within(row).getByText('Failed')).toBeTruthy());
    expect(within(row).getByText('HTTP 500')).toBeTruthy();
    fireEvent.click(within(row).getByText('Payload'));
    expect(within(row).getByText(/A test event sent from Upshift/)).toBeTruthy();

    fireEvent.click(within(row).getByRole('button', { name: /^Resend webhook\.test delivery/ }));
    await waitFor(() => expect(received).toHaveLength(2));
    await real!.idle();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(within(screen.getByRole('rowheader', { name: /webhook\.test/ }).closest('tr')!).getByText('Delivered')).toBeTruthy());
  });
});
