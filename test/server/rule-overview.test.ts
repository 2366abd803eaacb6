import { afterEach, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/seed';
import type { Rule } from '../../shared/schemas/rule';
import { RuleOverview, type RuleOverviewRow } from '../../shared/schemas/rule-overview';
import { addPerson, manualClock, signedIn } from '../helpers/admin-client';
import { click, dismiss, impression, track, type RawEvent } from '../helpers/events';
import { expectApiError, postEvents } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

let t: TestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

/** The app over a clock the test moves, with the demo catalog and ladder as drafts and version 1 live. */
async function start() {
  const time = manualClock(NOW);
  t = await createTestApp({ clock: time.clock });
  const app = t;
  const call = async (method: string, path: string, body?: unknown) =>
    app.app.request(path, {
      method,
      headers: { Authorization: `Bearer ${app.secretKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await call(method, path, body);
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res;
  };
  await ok('PUT', '/v1/catalog', demoContent.catalog);
  for (const rule of demoContent.rules) await ok('PUT', `/v1/rules/${rule.id}`, rule);
  const overview = async () => RuleOverview.parse(await (await ok('GET', '/v1/rule-overview')).json());
  const row = async (id: string): Promise<RuleOverviewRow> => {
    const found = (await overview()).rules.find((r) => r.id === id);
    if (!found) throw new Error(`no row ${id}`);
    return found;
  };
  return { time, call, ok, overview, row, put: (rule: Rule) => ok('PUT', `/v1/rules/${rule.id}`, rule), publish: () => ok('POST', '/v1/publish') };
}

/** A seats ladder on a toast: its own place and signal, so it neither shadows nor is shadowed by the demo ladder. */
const seats = (over: Partial<Rule> = {}): Rule => {
  const base = structuredClone(demoContent.rules[0]!);
  return { ...base, id: 'seats-ladder', name: 'Seats', priority: 30, surface: 'toast', trigger: { ...base.trigger, metric: 'seats' } as Rule['trigger'], ...over };
};

describe('rule state against the live version and the clock', () => {
  it.each<[string, Partial<Rule>, number, RuleOverviewRow['state']]>([
    ['a draft never published', { status: 'draft' }, 0, 'draft'],
    ['a live rule', { status: 'live' }, 0, 'live'],
    ['a paused rule', { status: 'paused' }, 0, 'paused'],
    ['a live rule before its start', { schedule: { start: iso(NOW + DAY) } }, DAY - 1, 'scheduled'],
    ['a live rule from its start', { schedule: { start: iso(NOW + DAY) } }, DAY, 'live'],
    ['a live rule before its end', { schedule: { end: iso(NOW + DAY) } }, DAY - 1, 'live'],
    ['a live rule from its end', { schedule: { end: iso(NOW + DAY) } }, DAY, 'ended'],
    ['an archived rule', { status: 'archived' }, 0, 'ended'],
  ])('%s', async (_name, over, later, state) => {
    const s = await start();
    await s.put(seats(over));
    await s.publish();
    s.time.advance(later);
    const row = await s.row('seats-ladder');
    expect(row).toMatchObject({ state, unpublishedChanges: false, removed: false, valid: true, priority: 30, trigger: 'usage', surface: 'toast' });
    expect(row.draftStatus).toBe(over.status ?? 'live');
  });

  it('says when the draft differs from live: edited, paused in the draft, new, or deleted from the drafts', async () => {
    const s = await start();
    await s.put(seats());
    await s.publish();
    expect((await s.overview()).rules.map((r) => [r.id, r.unpublishedChanges])).toEqual([
      ['api-usage-ladder', false],
      ['seats-ladder', false],
    ]);
    await s.put(seats({ status: 'paused' }));
    expect(await s.row('seats-ladder')).toMatchObject({ state: 'live', draftStatus: 'paused', unpublishedChanges: true });
    await s.put(seats({ id: 'new-one', name: 'New', status: 'live', priority: 5 }));
    expect(await s.row('new-one')).toMatchObject({ state: 'draft', draftStatus: 'live', unpublishedChanges: true });
    await s.ok('DELETE', '/v1/rules/api-usage-ladder');
    expect(await s.row('api-usage-ladder')).toMatchObject({ state: 'live', removed: true, draftStatus: null, unpublishedChanges: true, name: demoContent.rules[0]!.name, priority: 100 });
    await s.publish();
    const after = await s.overview();
    expect(after.rules.map((r) => [r.id, r.state, r.unpublishedChanges])).toEqual([
      ['seats-ladder', 'paused', false],
      ['new-one', 'live', false],
    ]);
    expect(after.liveVersion).toBe(3);
  });

  it('lists a stored draft that no longer validates, marked invalid, with what live knows of it', async () => {
    const s = await start();
    await t!.store.putDraftRule(t!.environment.id, 'api-usage-ladder', { ...demoContent.rules[0], trigger: { type: 'gone' } });
    expect(await s.row('api-usage-ladder')).toMatchObject({ valid: false, state: 'live', unpublishedChanges: true, priority: 100, warnings: [] });
  });
});

describe('lint warnings per rule', () => {
  it('answers each rule its own warnings from the engine', async () => {
    const s = await start();
    // Same place and signal as the demo ladder (priority 100) for everyone: shadowed.
    await s.put({ ...structuredClone(demoContent.rules[0]!), id: 'shadowed', priority: 10 });
    await s.put(seats({ holdout: 100 }));
    await s.put(seats({ id: 'alerts', priority: 1, surface: 'panel', trigger: { type: 'feature', feature: 'no_such_feature' }, content: { title: 'T', body: 'B', cta: 'C' } }));
    const rows = (await s.overview()).rules;
    const codes = Object.fromEntries(rows.map((r) => [r.id, r.warnings.map((w) => w.code)]));
    expect(codes).toEqual({ 'api-usage-ladder': [], 'seats-ladder': ['rule.never'], shadowed: ['priority.shadowed'], alerts: ['feature.unknown'] });
    const shadowed = rows.find((r) => r.id === 'shadowed')!.warnings[0]!;
    expect(shadowed.message).toContain('api-usage-ladder');
    expect(shadowed.path).toEqual(['priority']);
  });
});

describe('the last 7 days of events', () => {
  it('counts impressions and clicks per rule over the last 7 UTC days, from events sent to POST /v1/events', async () => {
    const s = await start();
    const at = (ago: number) => iso(NOW - ago);
    const since = Date.parse(`${iso(NOW - 6 * DAY).slice(0, 10)}T00:00:00Z`);
    const sent: RawEvent[] = [
      impression({ at: at(0) }),
      impression({ at: at(3 * DAY) }),
      impression({ at: iso(since) }),
      impression({ at: iso(since - 1) }),
      impression({ at: at(30 * DAY) }),
      click({ at: at(DAY) }),
      click({ at: at(8 * DAY) }),
      dismiss({ at: at(DAY) }),
      impression({ ruleId: 'seats-ladder', surface: 'toast', at: at(2 * DAY) }),
      click({ ruleId: 'seats-ladder', surface: 'toast', at: at(2 * DAY) }),
      click({ ruleId: 'seats-ladder', surface: 'toast', at: at(5 * DAY) }),
      track({ at: at(DAY) }),
    ];
    const res = await postEvents(t!.app, t!.key, { events: sent });
    expect(res.status).toBe(200);
    await s.put(seats());

    const expected = (ruleId: string, type: string) => sent.filter((e) => e['ruleId'] === ruleId && e['type'] === type && Date.parse(String(e['at'])) >= since).length;
    const overview = await s.overview();
    expect(overview.stats).toEqual({ from: iso(NOW - 6 * DAY).slice(0, 10), to: iso(NOW).slice(0, 10) });
    for (const id of ['api-usage-ladder', 'seats-ladder']) {
      expect(overview.rules.find((r) => r.id === id)!.stats).toEqual({ exposures: null, impressions: expected(id, 'impression'), clicks: expected(id, 'click'), conversions: null });
    }
    // The figures the test computed are not trivially zero.
    expect([expected('api-usage-ladder', 'impression'), expected('api-usage-ladder', 'click'), expected('seats-ladder', 'click')]).toEqual([3, 1, 2]);
  });

  it('answers zero, not a dash, for a rule nobody saw', async () => {
    const s = await start();
    expect((await s.row('api-usage-ladder')).stats).toEqual({ exposures: null, impressions: 0, clicks: 0, conversions: null });
  });
});

describe('access', () => {
  it('answers a viewer’s session in the console, and refuses no session and other methods', async () => {
    const s = await start();
    await addPerson(t!.store, 'viewer@acme.test', 'viewer');
    const viewer = await signedIn(t!.app, 'viewer@acme.test');
    const path = `/v1/admin/environments/${t!.environment.id}/rule-overview`;
    const res = await viewer.request('GET', path);
    expect(res.status).toBe(200);
    expect(RuleOverview.parse(await res.json()).rules.map((r) => r.id)).toEqual(['api-usage-ladder']);
    await expectApiError(await t!.app.request(path), 401, 'unauthorized');
    await expectApiError(await s.call('POST', '/v1/rule-overview', {}), 405, 'method_not_allowed');
    await expectApiError(await t!.app.request('/v1/rule-overview'), 401, 'missing_key');
  });
});
