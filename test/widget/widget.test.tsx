import { screen, waitFor, within } from '@testing-library/preact';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Context } from '../../shared/schemas/context';
import type { State } from '../../shared/schemas/state';
import { memoryStore, type KeyValue } from '../../widget/storage';
import { startLiveServer, type LiveServer } from '../helpers/live-server';
import { mountWidget as mount, stateKey, unmountWidgets } from '../helpers/widget-mount';

const DAY = 86_400_000;

let userSeq = 0;
let user = 'user_0';
/** Each test is its own person, so events from earlier tests' widgets never count in later ones. */
beforeEach(() => {
  user = `user_${++userSeq}`;
});

const context = (apiCalls: number, who = user): Context => ({
  user: { id: who, locale: 'en' },
  account: { id: `acct_of_${who}`, plan: 'starter', createdAt: new Date(Date.now() - 200 * DAY).toISOString() },
  usage: { api_calls: apiCalls },
});

let server: LiveServer;

beforeAll(async () => {
  server = await startLiveServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => unmountWidgets());

/** A widget as the entry would build it, rendering into a fresh shadow root; `api` defaults to the live server. */
const mountWidget = (storage: KeyValue, warn = vi.fn(), api = server.url) => mount({ key: server.environment.publishableKey, api, storage, warn });

/** What this device keeps for `who` (by default this test's person). */
const savedState = (storage: KeyValue, who = user): State => JSON.parse(storage.getItem(stateKey(server.environment.publishableKey, `acct_of_${who}`, who)) ?? 'null') as State;

interface Row {
  type: string;
  tier: string | null;
  name: string | null;
}

/** The events stored for `who` (by default this test's person), oldest first; exposures are exposures.test.tsx's subject. */
function storedEvents(who = user): Row[] {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return db.prepare("SELECT type, tier, name FROM events WHERE user_id = ? AND type != 'exposure' ORDER BY seq").all(who) as Row[];
  } finally {
    db.close();
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
    expect((await widget.debug()).rules[0]?.code).toBe('usage.below_threshold');
  });

  it('hides a dismissed tier, records the dismissal, and keeps it hidden on the next page load', async () => {
    const storage = memoryStore();
    const first = mountWidget(storage);
    first.widget.identify(context(9000));
    const banner = await first.view.findByRole('region', {}, { timeout: 3000 });
    expect(banner.getAttribute('data-tone')).toBe('recommend');
    within(banner).getByRole('button', { name: 'Dismiss' }).click();
    await waitFor(() => expect(first.view.queryByRole('region')).toBeNull());
    first.widget.flush('now');
    await waitFor(() => expect(storedEvents()).toContainEqual({ type: 'dismiss', tier: 'p85', name: null }), { timeout: 3000 });

    // A new page load: same storage, fresh widget.
    const second = mountWidget(storage);
    second.widget.identify(context(9000));
    await waitFor(async () => expect((await second.widget.debug()).configVersion).toBe(1));
    expect(second.view.queryByRole('region')).toBeNull();
    expect((await second.widget.debug()).rules[0]?.code).toBe('tier.dismissed');
    // A higher tier is a new message and still shows.
    second.widget.identify(context(9600));
    expect((await second.view.findByRole('region')).getAttribute('data-tone')).toBe('urgent');
  });

  it('records on this device when a prompt showed and when it was dismissed', async () => {
    const storage = memoryStore();
    const { widget, view } = mountWidget(storage);
    const before = Date.now();
    widget.identify(context(9000));
    const banner = await view.findByRole('region', {}, { timeout: 3000 });
    // Counted once it has been seen, not when it was rendered.
    await waitFor(() => expect(savedState(storage).rules['api-usage-ladder']?.impressions).toHaveLength(1));
    const shown = savedState(storage).rules['api-usage-ladder']!;
    const at = shown.impressions![0]!;
    expect(at).toBeGreaterThanOrEqual(before);
    // The tier reached is kept too: usage hovering just under 85 % now holds the tier (hysteresis).
    expect(shown).toEqual({ impressions: [at], reached: { p85: at } });

    within(banner).getByRole('button', { name: 'Dismiss' }).click();
    await waitFor(() => expect(view.queryByRole('region')).toBeNull());
    const after = savedState(storage).rules['api-usage-ladder']!;
    expect(after.dismissedAt).toBeGreaterThanOrEqual(at);
    expect(after).toEqual({ impressions: [at], reached: { p85: at }, dismissed: { p85: after.dismissedAt }, dismissedAt: after.dismissedAt });
    expect((await widget.debug()).rules[0]?.code).toBe('tier.dismissed');
  });

  it('records a click on the call to action and hides the prompt for this page view', async () => {
    const storage = memoryStore();
    const { widget, view } = mountWidget(storage);
    widget.identify(context(9700));
    const banner = await view.findByRole('region', {}, { timeout: 3000 });
    await waitFor(() => expect(savedState(storage).rules['api-usage-ladder']?.impressions).toHaveLength(1));
    const link = within(banner).getByRole('link', { name: 'Upgrade to Pro' });
    link.addEventListener('click', (e) => e.preventDefault());
    link.click();
    await waitFor(() => expect(view.queryByRole('region')).toBeNull());
    const rs = savedState(storage).rules['api-usage-ladder']!;
    expect(rs.clickedAt).toBeGreaterThanOrEqual(rs.impressions![0]!);
    expect(rs.dismissedAt).toBeUndefined();
    widget.flush('now');
    await waitFor(() => expect(storedEvents().map((e) => e.type).sort()).toEqual(['click', 'impression']), { timeout: 3000 });
    // An upgrade's call to action opened the checkout: the funnel counts it as an action, in the person's locale.
    const db = new Database(server.dbFile, { readonly: true });
    try {
      expect(db.prepare("SELECT props FROM events WHERE user_id = ? AND type = 'click'").pluck().get(user)).toBe('{"action":"checkout"}');
      const actions = db.prepare("SELECT SUM(count) FROM funnel_daily WHERE rule_id = 'api-usage-ladder' AND stage = 'action' AND locale = 'en'").pluck().get();
      expect(actions).toBeGreaterThanOrEqual(1);
    } finally {
      db.close();
    }
  });

  it('keeps a tier dismissed on one device hidden on another, through the server', async () => {
    const phone = mountWidget(memoryStore());
    phone.widget.identify(context(9600));
    const banner = await phone.view.findByRole('region', {}, { timeout: 3000 });
    within(banner).getByRole('button', { name: 'Dismiss' }).click();
    phone.widget.flush('now');
    await waitFor(() => expect(storedEvents()).toContainEqual({ type: 'dismiss', tier: 'p95', name: null }), { timeout: 3000 });

    // A laptop with nothing stored locally: the server's history hides the tier there too.
    const laptop = mountWidget(memoryStore());
    laptop.widget.identify(context(9600));
    await waitFor(async () => expect((await laptop.widget.debug()).rules[0]?.code).toBe('tier.dismissed'), { timeout: 3000 });
    expect(laptop.view.queryByRole('region')).toBeNull();
    // It never flashed there either: the phone's one impression is the only one.
    laptop.widget.flush('now');
    await pause(300);
    expect(storedEvents().filter((e) => e.type === 'impression')).toHaveLength(1);
  });

  it('still shows prompts when this device stored malformed state', async () => {
    const storage = memoryStore();
    storage.setItem(`upshift:${server.environment.publishableKey}:state:v1:acct_of_${user}:${user}`, '{"rules":{"api-usage-ladder":null,"other":{"dismissed":"yesterday"}}}');
    const { widget, view } = mountWidget(storage);
    widget.identify(context(9000));
    expect((await view.findByRole('region', {}, { timeout: 3000 })).getAttribute('data-tone')).toBe('recommend');
    expect((await widget.debug()).waitingForServerState).toBe(false);
  });

  it('forgets what the previous person acted on after reset()', async () => {
    const { widget, view } = mountWidget(memoryStore());
    widget.identify(context(9000));
    const banner = await view.findByRole('region', {}, { timeout: 3000 });
    within(banner).getByRole('link', { name: /See Pro/ }).addEventListener('click', (e) => e.preventDefault());
    within(banner).getByRole('link', { name: /See Pro/ }).click();
    await waitFor(() => expect(view.queryByRole('region')).toBeNull());
    widget.reset();
    widget.identify(context(9000, `${user}_next`));
    expect((await view.findByRole('region', {}, { timeout: 3000 })).getAttribute('data-tone')).toBe('recommend');
  });

  it('counts one impression per prompt instance', async () => {
    const { widget, view } = mountWidget(memoryStore());
    const seen: unknown[] = [];
    widget.on('impression', (e) => seen.push(e));
    widget.identify(context(7500));
    await view.findByRole('region', {}, { timeout: 3000 });
    widget.identify(context(7600));
    widget.identify(context(7700));
    await waitFor(() => expect(seen).toHaveLength(1));
    widget.flush('now');
    await waitFor(() => expect(storedEvents()).toEqual([{ type: 'impression', tier: 'p70', name: null }]), { timeout: 3000 });
    await pause(300);
    expect(storedEvents()).toHaveLength(1);
  });

  it('attributes the impression to the person now signed in when the user switches', async () => {
    const other = `${user}_colleague`;
    const { widget, view } = mountWidget(memoryStore());
    const seen: unknown[] = [];
    widget.on('impression', (e) => seen.push(e));
    widget.identify(context(9000));
    await view.findByRole('region', {}, { timeout: 3000 });
    await waitFor(() => expect(seen).toHaveLength(1));
    widget.identify(context(9000, other));
    await waitFor(() => expect(seen).toHaveLength(2));
    widget.flush('now');
    await waitFor(() => expect(storedEvents(other)).toEqual([{ type: 'impression', tier: 'p85', name: null }]), { timeout: 3000 });
    expect(storedEvents()).toEqual([{ type: 'impression', tier: 'p85', name: null }]);
  });

  it('ignores an invalid identify with one warning and no throw', async () => {
    const { widget, warn } = mountWidget(memoryStore());
    const bad = { user: {}, account: { id: 'a', plan: 'starter' } } as unknown as Context;
    expect(() => widget.identify(bad)).not.toThrow();
    widget.identify(bad);
    // The same problem again is not warned twice; the id with a control character is refused too.
    widget.identify({ ...context(10), user: { id: 'tab\there' } });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('context.user.id');
    expect((await widget.debug()).context).toBeNull();
  });

  it('drops a track call the server would refuse, alone, and delivers the rest of the batch', async () => {
    const { widget, warn } = mountWidget(memoryStore());
    widget.identify(context(10));
    widget.track('report_exported', { format: 'pdf' });
    widget.track('report_exported', { nested: { no: 1 } } as never);
    widget.track('report_exported', JSON.parse('{"__proto__":{"polluted":1}}'));
    widget.track('bad name!');
    widget.track('report_shared', { to: 'team' });
    widget.flush('now');
    await waitFor(() => expect(storedEvents().map((e) => e.name)).toEqual(['report_exported', 'report_shared']), { timeout: 3000 });
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('splits a flush that would exceed the 64 KB body limit into several requests, losing nothing', async () => {
    const { widget, warn } = mountWidget(memoryStore());
    widget.identify(context(10));
    // About 40 KB of UTF-8 each: 10 of them cannot travel in one body, and none may be lost.
    const big = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'é'.repeat(1000)]));
    for (let i = 0; i < 10; i++) widget.track('bulk_import', big);
    widget.flush('now');
    await waitFor(() => expect(storedEvents()).toHaveLength(10), { timeout: 5000 });
    expect(warn).not.toHaveBeenCalled();
  });

  it('drops, alone and with a warning, an event too large for any request', async () => {
    const { widget, warn } = mountWidget(memoryStore());
    widget.identify(context(10));
    widget.track('huge', Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'é'.repeat(1000)])));
    widget.track('small');
    widget.flush('now');
    await waitFor(() => expect(storedEvents().map((e) => e.name)).toEqual(['small']), { timeout: 3000 });
    expect(String(warn.mock.calls[0]?.[0])).toContain('larger than');
  });

  it('answers gate() from the catalog and tells listeners about prompt events', async () => {
    const { widget, view } = mountWidget(memoryStore());
    expect(widget.gate('scheduled_reports')).toEqual({ locked: false, plan: null });
    const seen: unknown[] = [];
    const stop = widget.on('impression', (e) => seen.push(e));
    widget.on('impression', () => {
      throw new Error('a broken host handler');
    });
    widget.identify(context(7200));
    await view.findByRole('region', {}, { timeout: 3000 });
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(widget.gate('scheduled_reports')).toEqual({ locked: true, plan: { id: 'pro', name: 'Pro' } });
    expect(widget.gate('dashboards')).toEqual({ locked: false, plan: null });
    expect(widget.gate('no_such_feature')).toEqual({ locked: false, plan: null });
    expect(seen).toEqual([expect.objectContaining({ ruleId: 'api-usage-ladder', tier: 'p70', surface: 'banner' })]);
    stop();
    widget.identify(context(9700));
    await waitFor(() => expect(view.getByRole('region').getAttribute('data-tone')).toBe('urgent'));
    expect(seen).toHaveLength(1);
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
    await pause(200);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(view.queryByRole('region')).toBeNull();
    expect((await widget.debug()).configVersion).toBeNull();
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
