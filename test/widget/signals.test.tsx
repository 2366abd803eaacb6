import { waitFor, within } from '@testing-library/preact';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigContent } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import type { State } from '../../shared/schemas/state';
import { memoryStore, type KeyValue } from '../../widget/storage';
import { catalog, copy } from '../corpus/catalog';
import { startLiveServer, type LiveServer } from '../helpers/live-server';
import { mountWidget as mount, stateKey, unmountWidgets } from '../helpers/widget-mount';

// Signals that arrive while the page is open: a click on a locked feature (Upshift.gate) and
// tracked events (Upshift.track) decide prompts in the same page, and counts recorded on other
// devices are merged in from the server.

const DAY = 86_400_000;

/** Starter → Pro; a modal explains scheduled reports when someone tries them; three exports in a week suggest a trial. */
const content: ConfigContent = {
  catalog,
  rules: [
    {
      id: 'reports-gate',
      name: 'Explain scheduled reports when someone clicks them',
      status: 'live',
      priority: 300,
      surface: 'modal',
      trigger: { type: 'feature', feature: 'scheduled_reports' },
      offer: { type: 'upgrade', plan: 'next' },
      content: copy('{{feature.name}} come with {{offer.plan.name}}', '{{feature.description}}', 'See {{offer.plan.name}}'),
    },
    {
      id: 'exports-nudge',
      name: 'Heavy exporters: try scheduled reports',
      status: 'live',
      priority: 200,
      surface: 'toast',
      trigger: { type: 'event', event: 'report_exported', count: 3, withinDays: 7 },
      offer: { type: 'trial', feature: 'scheduled_reports', days: 14 },
      content: copy('You exported {{count}} reports this week', 'Scheduled reports can send them for you.', 'Start the trial'),
    },
  ],
};

let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer({ content });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => unmountWidgets());

let seq = 0;
let user = 'person_0';
beforeEach(() => {
  user = `person_${++seq}`;
});

/** This test's person on a Starter account that is `ageDays` old. */
const context = (ageDays = 200): Context => ({
  user: { id: user, locale: 'en' },
  account: { id: `acct_of_${user}`, plan: 'starter', createdAt: new Date(Date.now() - ageDays * DAY).toISOString() },
  usage: { api_calls: 100 },
});

const mountWidget = (storage: KeyValue) => mount({ key: server.environment.publishableKey, api: server.url, storage });
const key = () => stateKey(server.environment.publishableKey, `acct_of_${user}`, user);
const savedState = (storage: KeyValue): State => JSON.parse(storage.getItem(key()) ?? 'null') as State;
const codeOf = async (widget: ReturnType<typeof mountWidget>['widget'], ruleId: string) => (await widget.debug()).rules.find((r) => r.ruleId === ruleId)?.code;

function storedTracks(): string[] {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM events WHERE user_id = ? AND type = 'track' ORDER BY seq").all(user) as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('prompts decided by what happens on the page', () => {
  it('Upshift.gate on a locked feature opens its explanation as a modal, even for a new account', async () => {
    const storage = memoryStore();
    const { widget, view } = mountWidget(storage);
    // Ten days old: anything unasked waits 90 days, but this person is asking.
    widget.identify(context(10));
    await waitFor(async () => expect(await codeOf(widget, 'reports-gate')).toBe('feature.no_attempt'), { timeout: 3000 });
    await waitFor(async () => expect((await widget.debug()).waitingForServerState).toBe(false));
    expect(view.queryByRole('region')).toBeNull();

    expect(widget.gate('dashboards')).toEqual({ locked: false, plan: null });
    expect(widget.gate('scheduled_reports')).toEqual({ locked: true, plan: { id: 'pro', name: 'Pro' } });
    const modal = await view.findByRole('dialog', { name: 'Scheduled reports come with Pro' });
    expect(modal.textContent).toContain('Email any dashboard as a PDF every morning.');
    const report = await widget.debug();
    expect(report.shown).toMatchObject({ ruleId: 'reports-gate', surface: 'modal', offer: { type: 'upgrade', id: 'pro' } });
    // The same account is still too new for anything it did not ask for.
    expect(report.rules.find((r) => r.ruleId === 'exports-nudge')?.code).toBe('guard.account_too_new');
    // Only the locked feature's attempt is counted, on this device and on the server.
    expect(Object.keys(savedState(storage).counts ?? {})).toEqual(['upshift:gate:scheduled_reports']);
    widget.flush('now');
    await waitFor(() => expect(storedTracks()).toEqual(['upshift:gate:scheduled_reports']), { timeout: 3000 });
  });

  it('reopens the explanation on a new click after it was dismissed', async () => {
    const storage = memoryStore();
    const { widget, view } = mountWidget(storage);
    widget.identify(context());
    await waitFor(async () => expect((await widget.debug()).waitingForServerState).toBe(false), { timeout: 3000 });
    widget.gate('scheduled_reports');
    const modal = await view.findByRole('dialog', { name: 'Scheduled reports come with Pro' });
    within(modal).getByRole('button', { name: 'Dismiss' }).click();
    await waitFor(() => expect(view.queryByRole('region')).toBeNull());
    expect(await codeOf(widget, 'reports-gate')).toBe('feature.dismissed');
    // A later click is a new question.
    await pause(5);
    widget.gate('scheduled_reports');
    expect(await view.findByRole('dialog', { name: 'Scheduled reports come with Pro' })).toBeTruthy();
    expect(savedState(storage).counts?.['upshift:gate:scheduled_reports']).toHaveLength(2);
  });

  it('Upshift.track makes an event-count rule fire without a reload', async () => {
    const storage = memoryStore();
    const { widget, view } = mountWidget(storage);
    widget.identify(context());
    await waitFor(async () => expect((await widget.debug()).waitingForServerState).toBe(false), { timeout: 3000 });
    widget.track('report_exported', { format: 'pdf' });
    widget.track('report_exported');
    expect(await codeOf(widget, 'exports-nudge')).toBe('event.below_count');
    expect(view.queryByRole('region')).toBeNull();
    widget.track('report_exported');
    const toast = await view.findByRole('region', { name: 'You exported 3 reports this week' });
    expect(within(toast).getByRole('button', { name: 'Start the trial' })).toBeTruthy();
    expect(await codeOf(widget, 'exports-nudge')).toBe('shown');
    expect(savedState(storage).counts?.report_exported).toHaveLength(3);
  });

  it('merges counts with the server: exports on another device count here', async () => {
    // The phone exports twice; the server stores both.
    const phone = mountWidget(memoryStore());
    phone.widget.identify(context());
    phone.widget.track('report_exported');
    phone.widget.track('report_exported');
    phone.widget.flush('now');
    await waitFor(() => expect(storedTracks()).toEqual(['report_exported', 'report_exported']), { timeout: 10_000 });
    await waitFor(async () => expect(await codeOf(phone.widget, 'exports-nudge')).toBe('event.below_count'), { timeout: 10_000 });

    // The laptop recorded one export the server has not received yet.
    const laptopStorage = memoryStore();
    const local = Date.now() + 1;
    laptopStorage.setItem(key(), JSON.stringify({ rules: {}, counts: { report_exported: [local] } } satisfies State));
    const laptop = mountWidget(laptopStorage);
    laptop.widget.identify(context());
    // Three between them: the union of the server's two and this device's newer one.
    expect(await laptop.view.findByRole('region', { name: 'You exported 3 reports this week' }, { timeout: 10_000 })).toBeTruthy();
    const merged = savedState(laptopStorage).counts?.report_exported ?? [];
    expect(merged).toHaveLength(3);
    expect(merged[0]).toBe(local);
  });
});
