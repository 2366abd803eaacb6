import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { secretCall } from './webhook-helpers';

// `settings.readiness` through PUT /v1/settings: strict, each mistake refused at its path.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.cleanup();
});

const put = (body: unknown) => secretCall(t, 'PUT', '/v1/settings', body);

describe('settings.readiness', () => {
  it('saves every readiness setting', async () => {
    const readiness = {
      seatsMetric: 'seats',
      teamSizeTrait: 'employees',
      upgradeEvents: ['pricing_viewed', 'billing:plans'],
      growth: [
        { trait: 'headcountGrowth', atLeast: 15, points: 10, label: 'Hiring fast' },
        { trait: 'fundedAt', withinDays: 90 },
      ],
    };
    const res = await put({ readiness });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ settings: { readiness } });
  });

  it.each([
    ['an unknown key', 'readiness', { readiness: { seats: 10 } }],
    ['a tracked name with a space', 'readiness.upgradeEvents.0', { readiness: { upgradeEvents: ['pricing page'] } }],
    ['a growth signal with both tests', 'readiness.growth.0', { readiness: { growth: [{ trait: 'x', atLeast: 1, withinDays: 30 }] } }],
    ['a growth signal with neither', 'readiness.growth.0', { readiness: { growth: [{ trait: 'x' }] } }],
    ['more than 25 points', 'readiness.growth.0.points', { readiness: { growth: [{ trait: 'x', atLeast: 1, points: 26 }] } }],
    ['a seats metric that is not a Key', 'readiness.seatsMetric', { readiness: { seatsMetric: 'Seats!' } }],
  ])('refuses %s: 400 at "%s"', async (_name, path, body) => {
    const error = await expectApiError(await put(body), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
  });
});
