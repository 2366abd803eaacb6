import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDrafts } from '../../server/services/publishing';
import { demoContent } from '../../server/demo/seed';
import type { Catalog } from '../../shared/schemas/catalog';
import { Config } from '../../shared/schemas/config';
import { expectApiError } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await writeDrafts(t.store, t.environment.id, demoContent);
});
afterEach(async () => {
  await t.cleanup();
});

const call = (method: string, path: string, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { Authorization: `Bearer ${t.secretKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const catalog = (): Catalog => structuredClone(demoContent.catalog);
const issues = async (res: Response) => ((await expectApiError(res, 400, 'invalid_request')).details as { issues: { path: string; message: string }[] }).issues;

describe('PUT /v1/catalog: units, translations and trial lengths', () => {
  it('stores them as sent and publishes them to the widget', async () => {
    const c = catalog();
    const seats = c.metrics.findIndex((m) => m.id === 'seats');
    c.metrics[seats] = { ...c.metrics[seats]!, unit: 'seats', locales: { de: { name: 'Teammitglieder', unit: 'Plätze' } } };
    c.features[0] = { ...c.features[0]!, trialDays: 14, locales: { de: { name: 'Dashboards', description: 'Diagramme jedes Projekts.', quote: 'Unverzichtbar.' } } };
    const res = await call('PUT', '/v1/catalog', c);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { catalog: Catalog }).catalog).toEqual(c);
    expect(((await (await call('GET', '/v1/catalog')).json()) as { catalog: Catalog }).catalog).toEqual(c);
    expect((await call('POST', '/v1/publish', { note: 'units' })).status).toBeLessThan(300);
    const live = Config.parse(await (await t.app.request(`/v1/config?key=${t.key}`)).json());
    expect(live.catalog.metrics[seats]).toEqual(c.metrics[seats]);
    expect(live.catalog.features[0]).toEqual(c.features[0]);
  });

  it.each<[string, (c: Catalog) => void, string]>([
    ['a trial of 120 days', (c) => void (c.features[0]!.trialDays = 120), 'features.0.trialDays'],
    ['a translation keyed by no language tag', (c) => void (c.metrics[0]!.locales = { 'not a tag': { name: 'x' } }), 'metrics.0.locales.not a tag'],
    ['a translated feature without a name', (c) => void (c.features[0]!.locales = { de: { name: '' } }), 'features.0.locales.de.name'],
    ['a next step whose segment names an unknown attribute', (c) => void (c.nextSteps[0]!.segment = { all: [{ attr: 'acount.plan', op: 'eq', value: 'x' }] }), 'nextSteps.0.segment.all.0.attr'],
  ])('refuses %s with a 400 at its path, and stores nothing', async (_, patch, path) => {
    const c = catalog();
    patch(c);
    expect((await issues(await call('PUT', '/v1/catalog', c))).map((i) => i.path)).toContain(path);
    expect(await t.store.getDraftCatalog(t.environment.id)).toEqual(demoContent.catalog);
  });

  it('names each draft rule a change strands, by id and name, with the path inside it', async () => {
    const c = catalog();
    c.metrics = c.metrics.filter((m) => m.id !== 'api_calls');
    for (const o of [...c.plans, ...(c.addons ?? [])]) delete (o.limits as Record<string, number> | undefined)?.api_calls;
    const res = await call('PUT', '/v1/catalog', c);
    expect(res.status).toBe(200);
    const { warnings } = (await res.json()) as { warnings: { ruleId: string; ruleName: string; path: (string | number)[] }[] };
    const ladder = demoContent.rules.find((r) => r.trigger.type === 'usage' && r.trigger.metric === 'api_calls')!;
    expect(warnings).toContainEqual(expect.objectContaining({ ruleId: ladder.id, ruleName: ladder.name, path: ['trigger', 'metric'] }));
  });
});
