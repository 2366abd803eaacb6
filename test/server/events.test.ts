import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBatchResult } from '../../shared/schemas/event';
import { click, idsOf, impression, mixedBatch, track } from '../helpers/events';
import { headerList, postEvents } from '../helpers/http';
import { APP_ORIGIN, countAllEvents, countStoredEvents, createTestApp, withReadonlyDb, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const send = async (events: unknown[], key = t.key) => {
  const res = await postEvents(t.app, key, { events });
  expect(res.status).toBe(200);
  return EventBatchResult.parse(await res.json());
};

describe('POST /v1/events', () => {
  it('stores a valid batch and acknowledges every event', async () => {
    const events = mixedBatch();
    expect(await send(events)).toEqual({ accepted: events.length, duplicates: 0 });
    expect(countStoredEvents(t.file, idsOf(events), t.environment.id)).toBe(events.length);
  });

  it('stores what the client sent, field by field', async () => {
    const c = click({ variant: 'b', configVersion: 1 });
    const tr = track({ props: { format: 'csv', rows: 12 } });
    await send([c, tr]);
    const rows = withReadonlyDb(t.file, (db) =>
      db.prepare('SELECT event_id, type, user_id, account_id, rule_id, tier, variant, surface, config_version, name, props, occurred_at FROM events ORDER BY seq').all(),
    );
    expect(rows).toEqual([
      {
        event_id: c['id'],
        type: 'click',
        user_id: c['userId'],
        account_id: c['accountId'],
        rule_id: c['ruleId'],
        tier: c['tier'],
        variant: 'b',
        surface: c['surface'],
        config_version: 1,
        name: null,
        props: null,
        occurred_at: Date.parse(c['at'] as string),
      },
      {
        event_id: tr['id'],
        type: 'track',
        user_id: tr['userId'],
        account_id: tr['accountId'],
        rule_id: null,
        tier: null,
        variant: null,
        surface: null,
        config_version: null,
        name: tr['name'],
        props: expect.any(String),
        occurred_at: Date.parse(tr['at'] as string),
      },
    ]);
    const trackProps = (rows[1] as { props: string }).props;
    expect(JSON.parse(trackProps)).toEqual({ format: 'csv', rows: 12 });
  });

  it('is not cacheable and grants CORS to an allowed origin', async () => {
    const res = await postEvents(t.app, t.key, { events: [impression()] }, { headers: { Origin: APP_ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(headerList(res, 'vary')).toContain('origin');
  });

  describe('idempotency by event id', () => {
    it('counts a resent batch as duplicates and stores nothing new', async () => {
      const events = mixedBatch();
      await send(events);
      const before = countAllEvents(t.file);
      expect(await send(events)).toEqual({ accepted: 0, duplicates: events.length });
      expect(countAllEvents(t.file)).toBe(before);
      expect(countStoredEvents(t.file, idsOf(events))).toBe(events.length);
    });

    it('counts new and repeated ids in one batch separately', async () => {
      const old = [impression(), click()];
      await send(old);
      const fresh = [track(), impression(), click()];
      expect(await send([old[0], ...fresh, old[1]])).toEqual({ accepted: fresh.length, duplicates: old.length });
      expect(countStoredEvents(t.file, idsOf([...old, ...fresh]))).toBe(old.length + fresh.length);
    });

    it('stores an id repeated within one batch once', async () => {
      const e = impression();
      const other = track();
      expect(await send([e, other, e, e])).toEqual({ accepted: 2, duplicates: 2 });
      expect(countStoredEvents(t.file, idsOf([e]))).toBe(1);
      expect(countAllEvents(t.file)).toBe(2);
    });
  });

  describe('environments', () => {
    it('stores events under the key’s environment, deduplicating per environment', async () => {
      const { environment: b } = await t.store.createEnvironment({ name: 'B', allowedOrigins: [APP_ORIGIN] });
      const shared = impression();
      const onlyA = click();
      const onlyB = track();

      expect(await send([shared, onlyA], t.key)).toEqual({ accepted: 2, duplicates: 0 });
      expect(await send([shared, onlyB], b.publishableKey)).toEqual({ accepted: 2, duplicates: 0 });

      expect(countStoredEvents(t.file, idsOf([shared]), t.environment.id)).toBe(1);
      expect(countStoredEvents(t.file, idsOf([shared]), b.id)).toBe(1);
      expect(countStoredEvents(t.file, idsOf([onlyA]), t.environment.id)).toBe(1);
      expect(countStoredEvents(t.file, idsOf([onlyA]), b.id)).toBe(0);
      expect(countStoredEvents(t.file, idsOf([onlyB]), b.id)).toBe(1);
      expect(countStoredEvents(t.file, idsOf([onlyB]), t.environment.id)).toBe(0);

      expect(await send([shared], b.publishableKey)).toEqual({ accepted: 0, duplicates: 1 });
    });
  });
});
