import { expect } from 'vitest';
import { publish } from '../../server/demo/seed';
import type { RawEvent } from '../helpers/events';
import { manualClock } from '../helpers/admin-client';
import { postEvents } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { trialContent } from './webhook-helpers';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** The tests' "now", fixed so every date they compute is the same on any day they run. */
export const NOW = Date.UTC(2026, 2, 31, 12);
export const iso = (ms: number): string => new Date(ms).toISOString();
export const dayOf = (ms: number): string => iso(ms).slice(0, 10);

/** The published rules' trigger types, as the config below has them. */
export const RULE_TRIGGERS: Readonly<Record<string, string>> = {
  'api-usage-ladder': 'usage',
  'try-reports': 'feature',
  'try-reports-ab': 'feature',
  'try-alerts': 'feature',
};

export interface AnalyticsApp extends TestApp {
  time: ReturnType<typeof manualClock>;
  /** A GET with the secret key; answers the response. */
  get(path: string): Response | Promise<Response>;
  /** A GET that must answer 200; answers its JSON. */
  ok<T>(path: string): Promise<T>;
  /** POSTs events in batches of 100 with the publishable key; each must answer 200. */
  send(events: readonly RawEvent[]): Promise<void>;
  /** A POST with the publishable key from the allowed origin, at the app's clock. */
  widgetPost(path: string, body: unknown): Response | Promise<Response>;
  /** A POST with the secret key. */
  secretPost(path: string, body: unknown): Response | Promise<Response>;
}

/**
 * The real app over a temporary SQLite file at `NOW`, with the demo ladder and the trial rules
 * published, and trials and requests to the admins allowed without an identity token.
 */
export async function analyticsApp(): Promise<AnalyticsApp> {
  const time = manualClock(NOW);
  const t = await createTestApp({ clock: time.clock, publish: false, rateLimit: false });
  await publish(t.store, t.environment.id, trialContent);
  const secretPost = (path: string, body: unknown) =>
    t.app.request(path, { method: 'POST', headers: { Authorization: `Bearer ${t.secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const identity = await t.app.request('/v1/identity', {
    method: 'PUT',
    headers: { Authorization: `Bearer ${t.secretKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ required: false, unverifiedActions: true }),
  });
  expect(identity.status, await identity.clone().text()).toBe(200);
  const get = (path: string) => t.app.request(path, { headers: { Authorization: `Bearer ${t.secretKey}` } });
  return {
    ...t,
    time,
    get,
    async ok<T>(path: string) {
      const res = await get(path);
      const text = await res.text();
      expect(res.status, text).toBe(200);
      return JSON.parse(text) as T;
    },
    async send(events) {
      for (let i = 0; i < events.length; i += 100) {
        const res = await postEvents(t.app, t.key, { events: events.slice(i, i + 100) });
        expect(res.status, await res.clone().text()).toBe(200);
      }
    },
    widgetPost: (path, body) =>
      t.app.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': t.key, Origin: 'https://app.acme.test' },
        body: JSON.stringify(body),
      }),
    secretPost,
  };
}
