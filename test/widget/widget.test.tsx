import { screen, waitFor, within } from '@testing-library/preact';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Context } from '../../shared/schemas/context';
import { memoryStore, type KeyValue } from '../../widget/storage';
import { createUpshift, type Widget } from '../../widget/upshift';
import { startLiveServer, type LiveServer } from '../helpers/live-server';

const DAY = 86_400_000;

const context = (apiCalls: number): Context => ({
  user: { id: 'user_1', locale: 'en' },
  account: { id: 'acct_1', plan: 'starter', createdAt: new Date(Date.now() - 200 * DAY).toISOString() },
  usage: { api_calls: apiCalls },
});

let server: LiveServer;
const hosts: HTMLElement[] = [];

beforeAll(async () => {
  server = await startLiveServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const host of hosts.splice(0)) host.remove();
});

/** A widget as the entry would build it, rendering into a fresh shadow root; `api` defaults to the live server. */
function mountWidget(storage: KeyValue, warn = vi.fn(), api = server.url) {
  const host = document.createElement('div');
  document.body.append(host);
  hosts.push(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const widget: Widget = createUpshift({
    key: server.environment.publishableKey,
    api,
    fetch: globalThis.fetch.bind(globalThis),
    storage,
    now: () => Date.now(),
    random: (b) => crypto.getRandomValues(b),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    warn,
    locale: 'en',
    mount: () => shadow,
  });
  return { widget, shadow, view: within(shadow as unknown as HTMLElement), warn };
}

function storedEvents(): { type: string; tier: string | null }[] {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return db.prepare('SELECT type, tier FROM events ORDER BY seq').all() as { type: string; tier: string | null }[];
  } finally {
    db.close();
  }
}

describe('widget against a live server', () => {
  it('shows the tier the usage reached and escalates as usage grows', async () => {
    const { widget, view } = mountWidget(memoryStore());
    widget.identify(context(7200));
    const banner = await view.findByRole('region', {}, { timeout: 3000 });
    expect(banner.textContent).toContain('72%');
    expect(banner.getAttribute('data-tone')).toBe('inform');
    widget.identify(context(9700));
    await waitFor(() => expect(view.getByRole('region').getAttribute('data-tone')).toBe('urgent'));
    expect(view.getByRole('region').textContent).toContain('300 API calls left');
    widget.identify(context(6900));
    await waitFor(() => expect(view.queryByRole('region')).toBeNull());
    expect(widget.debug().rules[0]?.code).toBe('usage.below_threshold');
  });

  it('hides a dismissed tier, records the dismissal, and keeps it hidden on the next page load', async () => {
    const storage = memoryStore();
    const first = mountWidget(storage);
    first.widget.identify(context(9000));
    const banner = await first.view.findByRole('region', {}, { timeout: 3000 });
    expect(banner.getAttribute('data-tone')).toBe('recommend');
    within(banner).getByRole('button', { name: 'Dismiss' }).click();
    await waitFor(() => expect(first.view.queryByRole('region')).toBeNull());
    first.widget.flush();
    await waitFor(() => expect(storedEvents()).toContainEqual({ type: 'dismiss', tier: 'p85' }), { timeout: 3000 });

    // A new page load: same storage, fresh widget.
    const second = mountWidget(storage);
    second.widget.identify(context(9000));
    await waitFor(() => expect(second.widget.debug().configVersion).toBe(1));
    expect(second.view.queryByRole('region')).toBeNull();
    expect(second.widget.debug().rules[0]?.code).toBe('tier.dismissed');
    // A higher tier is a new message and still shows.
    second.widget.identify(context(9600));
    expect((await second.view.findByRole('region')).getAttribute('data-tone')).toBe('urgent');
  });

  it('counts one impression per prompt instance', async () => {
    const before = storedEvents().filter((e) => e.type === 'impression').length;
    const { widget, view } = mountWidget(memoryStore());
    widget.identify(context(7500));
    await view.findByRole('region', {}, { timeout: 3000 });
    widget.identify(context(7600));
    widget.identify(context(7700));
    widget.flush();
    await waitFor(() => expect(storedEvents().filter((e) => e.type === 'impression').length).toBe(before + 1), { timeout: 3000 });
  });

  it('ignores an invalid identify with one warning and no throw', async () => {
    const { widget, warn } = mountWidget(memoryStore());
    expect(() => widget.identify({ user: {}, account: { id: 'a', plan: 'starter' } } as unknown as Context)).not.toThrow();
    widget.identify({ user: {}, account: { id: 'a', plan: 'starter' } } as unknown as Context);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('context.user.id');
  });
});

describe('widget when the config API misbehaves', () => {
  let faulty: LiveServer;
  let mode: 'error' | 'garbage' | 'html' = 'error';
  beforeAll(async () => {
    faulty = await startLiveServer({
      wrap: (app) =>
        new Hono()
          .get('/v1/config', (c) =>
            mode === 'error' ? c.json({ error: { code: 'internal', message: 'boom' } }, 500) : mode === 'garbage' ? c.json({ rules: 'nope' }) : c.html('<html>proxy login</html>'),
          )
          .route('/', app),
    });
  });
  afterAll(async () => {
    await faulty.close();
  });

  it.each(['error', 'garbage', 'html'] as const)('shows no prompt and warns once when the config response is %s', async (m) => {
    mode = m;
    const { widget, view, warn } = mountWidget(memoryStore(), vi.fn(), faulty.url);
    widget.identify(context(9900));
    await waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
    expect(view.queryByRole('region')).toBeNull();
    expect(widget.debug().configVersion).toBeNull();
  });

  it('shows no prompt when the API is unreachable', async () => {
    const { widget, view, warn } = mountWidget(memoryStore(), vi.fn(), 'http://127.0.0.1:9');
    widget.identify(context(9900));
    await waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
    expect(String(warn.mock.calls[0]?.[0])).toContain('config request failed');
    expect(view.queryByRole('region')).toBeNull();
    expect(screen.queryByRole('region')).toBeNull();
  });
});
