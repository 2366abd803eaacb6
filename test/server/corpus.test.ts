import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish } from '../../server/demo/seed';
import { configs, scenarios } from '../corpus/scenarios';
import { normalized, summarize, type DecisionLike } from '../corpus/summarize';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
const secrets = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp({ publish: false });
  for (const [name, content] of Object.entries(configs)) {
    const { environment, secretKey } = await t.store.createEnvironment({ name: `corpus-${name}`, allowedOrigins: [] });
    await publish(t.store, environment.id, content);
    secrets.set(name, secretKey);
  }
});
afterAll(async () => {
  await t.cleanup();
});

describe(`the decision corpus (${scenarios.length} scenarios) through POST /v1/decide`, () => {
  it('has at least 50 scenarios with distinct names', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(50);
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
  });

  it.each(scenarios.map((s) => [`${s.config}: ${s.name}`, s] as const))('%s', async (_name, scenario) => {
    const res = await t.app.request('/v1/decide', {
      method: 'POST',
      headers: { Authorization: `Bearer ${secrets.get(scenario.config)}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ context: scenario.context, state: scenario.state, at: new Date(scenario.now).toISOString() }),
    });
    expect(res.status).toBe(200);
    const decision = (await res.json()) as Omit<DecisionLike, 'reasons'> & { reasons: { ruleId: string; code: string; message?: unknown }[] };
    expect(summarize(decision, scenario.expect)).toEqual(normalized(scenario.expect));
    // Every reason is worded for people, not just coded.
    expect(decision.reasons.filter((r) => typeof r.message !== 'string' || r.message === r.code)).toEqual([]);
  });
});
