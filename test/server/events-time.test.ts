import { afterEach, describe, expect, it } from 'vitest';
import { click, impression, track } from '../helpers/events';
import { expectApiError, postEvents } from '../helpers/http';
import { countAllEvents, createTestApp, withReadonlyDb, type TestApp } from '../helpers/test-app';

const RECEIVED = Date.UTC(2026, 10, 22, 12, 0, 0);
let t: TestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

const rows = (app: TestApp) =>
  withReadonlyDb(app.file, (db) => db.prepare('SELECT event_id, occurred_at, received_at, props FROM events ORDER BY seq').all()) as {
    event_id: string;
    occurred_at: number;
    received_at: number;
    props: string | null;
  }[];

describe('event times', () => {
  it.each([
    ['UTC', '2026-11-22T11:59:00Z', RECEIVED - 60_000],
    ['another offset, same instant', '2026-11-22T12:59:00+01:00', RECEIVED - 60_000],
    ['a day late (queued offline)', '2026-11-21T12:00:00.000Z', RECEIVED - 86_400_000],
    ['from a clock running ahead', '2027-01-01T00:00:00Z', RECEIVED],
    ['from a clock a second ahead', '2026-11-22T12:00:01Z', RECEIVED],
  ])('stores %s as UTC epoch ms no later than arrival', async (_name, at, stored) => {
    t = await createTestApp({ clock: () => RECEIVED });
    const res = await postEvents(t.app, t.key, { events: [impression({ at })] });
    expect(res.status).toBe(200);
    expect(rows(t)).toEqual([expect.objectContaining({ occurred_at: stored, received_at: RECEIVED })]);
  });
});

describe('event props', () => {
  it('are stored for prompt events as well as tracked ones', async () => {
    t = await createTestApp();
    const res = await postEvents(t.app, t.key, { events: [click({ props: { action: 'upgrade' } }), track({ props: { format: 'csv' } })] });
    expect(res.status).toBe(200);
    expect(rows(t).map((r) => JSON.parse(r.props ?? 'null'))).toEqual([{ action: 'upgrade' }, { format: 'csv' }]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuse the key %j instead of dropping it silently', async (key) => {
    t = await createTestApp();
    // Written as raw JSON: an object literal would turn "__proto__" into a prototype, not a key.
    const body = `{"events":[${JSON.stringify(track({ props: undefined })).slice(0, -1)},"props":{"${key}":{"x":1},"ok":1}}]}`;
    const res = await t.app.request(`/v1/events?key=${t.key}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const error = await expectApiError(res, 400, 'invalid_request');
    expect(JSON.stringify(error.details)).toContain('events.0.props');
    expect(countAllEvents(t.file)).toBe(0);
  });
});
