import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_EVENTS_PER_BATCH } from '../../shared/schemas/event';
import { click, dismiss, dropped, idsOf, impression, mixedBatch, track, type RawEvent } from '../helpers/events';
import { BASE, expectApiError, postEvents } from '../helpers/http';
import { countAllEvents, countStoredEvents, createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const Issues = z.object({ issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })) });

const without = (event: RawEvent, field: string): RawEvent => {
  const copy = { ...event };
  delete copy[field];
  return copy;
};

describe('POST /v1/events rejects a malformed batch as a whole', () => {
  it.each<[string, () => RawEvent[], string]>([
    ['a bad uuid', () => [impression({ id: 'not-a-uuid' }), click(), track()], 'events.0.id'],
    ['an unknown type', () => [impression(), click({ type: 'hover' }), track()], 'events.1.type'],
    ['a click without ruleId', () => [impression(), without(click(), 'ruleId'), track()], 'events.1.ruleId'],
    ['props that are not an object', () => [impression(), click(), track({ props: 'plan=pro' })], 'events.2.props'],
    ['a nested object as a prop value', () => [track({ props: { plan: { id: 'pro' } } }), impression()], 'events.0.props.plan'],
    ['an `at` that is not an ISO date-time', () => [impression(), impression({ at: 'yesterday' })], 'events.1.at'],
    ['a negative configVersion', () => [dismiss({ configVersion: -1 })], 'events.0.configVersion'],
    ['a dropped report without a count', () => [without(dropped(), 'count')], 'events.0.count'],
    ['a dropped report of no events', () => [track(), dropped({ count: 0 })], 'events.1.count'],
    ['a dropped report with a fractional count', () => [dropped({ count: 2.5 })], 'events.0.count'],
  ])('%s: 400 with the exact field path, nothing stored', async (_what, build, path) => {
    const events = build();
    const error = await expectApiError(await postEvents(t.app, t.key, { events }), 400, 'invalid_request');
    const { issues } = Issues.parse(error.details);
    expect(issues.map((i) => i.path)).toContain(path);
    expect(countStoredEvents(t.file, idsOf(events))).toBe(0);
    expect(countAllEvents(t.file)).toBe(0);
  });

  it.each([
    ['an empty events array', { events: [] }],
    ['no events property', {}],
    ['events that is not an array', { events: 'impression' }],
    ['a bare array', [impression()]],
  ])('answers 400 invalid_request to %s', async (_what, body) => {
    await expectApiError(await postEvents(t.app, t.key, body), 400, 'invalid_request');
    expect(countAllEvents(t.file)).toBe(0);
  });
});

describe('batch size', () => {
  const batchOf = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? impression() : track()));

  it(`accepts exactly ${MAX_EVENTS_PER_BATCH} events`, async () => {
    const events = batchOf(MAX_EVENTS_PER_BATCH);
    const res = await postEvents(t.app, t.key, { events });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: MAX_EVENTS_PER_BATCH, duplicates: 0 });
    expect(countStoredEvents(t.file, idsOf(events))).toBe(MAX_EVENTS_PER_BATCH);
  });

  it(`refuses ${MAX_EVENTS_PER_BATCH + 1} events and stores none of them`, async () => {
    const events = batchOf(MAX_EVENTS_PER_BATCH + 1);
    const error = await expectApiError(await postEvents(t.app, t.key, { events }), 400, 'invalid_request');
    expect(Issues.parse(error.details).issues.map((i) => i.path)).toContain('events');
    expect(countAllEvents(t.file)).toBe(0);
  });
});

describe('body format', () => {
  it('answers 400 invalid_json to a body that is not JSON', async () => {
    await expectApiError(await postEvents(t.app, t.key, '{"events": [}'), 400, 'invalid_json');
    expect(countAllEvents(t.file)).toBe(0);
  });

  it('accepts JSON sent as text/plain, as navigator.sendBeacon does', async () => {
    const events = mixedBatch();
    const res = await postEvents(t.app, t.key, { events }, { headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: events.length, duplicates: 0 });
    expect(countStoredEvents(t.file, idsOf(events))).toBe(events.length);
  });

  it.each([['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x']])('answers 415 to Content-Type %s', async (type) => {
    const res = await postEvents(t.app, t.key, { events: mixedBatch() }, { headers: { 'Content-Type': type } });
    await expectApiError(res, 415, 'unsupported_media_type');
    expect(countAllEvents(t.file)).toBe(0);
  });

  // Two schema-valid track events whose 50 props of 1 KB each put the body well over 64 KB.
  const oversized = () => {
    const props = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, 'x'.repeat(1024)]));
    return { events: [track({ props }), track({ props })] };
  };

  it('answers 413 to a body over 64 KB and stores nothing', async () => {
    const body = JSON.stringify(oversized());
    expect(body.length).toBeGreaterThan(64 * 1024);
    await expectApiError(await postEvents(t.app, t.key, body), 413, 'payload_too_large');
    expect(countAllEvents(t.file)).toBe(0);
  });

  it.each([
    [64 * 1024, 200],
    [64 * 1024 + 1, 413],
  ])('a body of exactly %i bytes answers %i', async (size, status) => {
    const json = JSON.stringify({ events: mixedBatch() });
    const body = json + ' '.repeat(size - Buffer.byteLength(json));
    expect(Buffer.byteLength(body)).toBe(size);
    const res = await postEvents(t.app, t.key, body);
    if (status === 200) expect(res.status).toBe(200);
    else await expectApiError(res, 413, 'payload_too_large');
  });

  it('answers 413 when Content-Length announces more than 64 KB', async () => {
    const body = JSON.stringify(oversized());
    const res = await postEvents(t.app, t.key, body, { headers: { 'Content-Length': String(Buffer.byteLength(body)) } });
    await expectApiError(res, 413, 'payload_too_large');
    expect(countAllEvents(t.file)).toBe(0);
  });
});

describe('origin', () => {
  it('refuses events from a foreign origin and stores nothing', async () => {
    const events = mixedBatch();
    const res = await t.app.request(`${BASE}/v1/events?key=${t.key}`, {
      method: 'POST',
      headers: { Origin: 'https://evil.test', 'Content-Type': 'text/plain' },
      body: JSON.stringify({ events }),
    });
    await expectApiError(res, 403, 'origin_not_allowed');
    expect(countStoredEvents(t.file, idsOf(events))).toBe(0);
  });
});
