import { fireEvent, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../shared/schemas/context';
import { memoryStore } from '../../widget/storage';
import { startLiveServer, type LiveServer } from '../helpers/live-server';
import { mountWidget, unmountWidgets } from '../helpers/widget-mount';

// Once a person turns an interruptive prompt away, no other interrupts them on this page; a new
// person (after Upshift.reset) starts afresh. The demo's API-call ladder is the prompt.

const DAY = 86_400_000;
let server: LiveServer;
let seq = 0;

const person = () => `quiet_${++seq}`;
const context = (who: string, apiCalls: number): Context => ({
  user: { id: who, locale: 'en' },
  account: { id: `acct_${who}`, plan: 'starter', createdAt: new Date(Date.now() - 200 * DAY).toISOString() },
  usage: { api_calls: apiCalls },
});

beforeAll(async () => {
  server = await startLiveServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => unmountWidgets());

describe('after a prompt is turned away', () => {
  it('holds the next interruptive prompt back in this page view, and a new person after reset() sees theirs', async () => {
    const { widget, view } = mountWidget({ key: server.environment.publishableKey, api: server.url, storage: memoryStore() });
    const first = person();
    widget.identify(context(first, 9000));
    const banner = await view.findByRole('region', {}, { timeout: 5000 });
    expect(banner.getAttribute('data-tone')).toBe('recommend');
    fireEvent.click(view.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(view.queryByRole('region')).toBeNull());

    // Usage climbs to the urgent tier, which the dismissal of the lower one does not cover: the
    // engine decides it, and the widget holds it back.
    widget.identify(context(first, 9700));
    const held = await widget.debug();
    expect(held.rules.find((r) => r.ruleId === 'api-usage-ladder')).toMatchObject({ code: 'shown', tier: 'p95' });
    expect(held.shown).toBeNull();
    expect(view.queryByRole('region')).toBeNull();

    widget.reset();
    widget.identify(context(person(), 9700));
    await waitFor(() => expect(view.getByRole('region').getAttribute('data-tone')).toBe('urgent'), { timeout: 5000 });
    expect((await widget.debug()).shown).toMatchObject({ ruleId: 'api-usage-ladder', tier: 'p95' });
  });
});
