import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configs, scenarios, type Scenario } from '../corpus/scenarios';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let secret: string;
let publishable: string;

beforeAll(async () => {
  server = await startServer();
  secret = /Secret key:\s+(sk_\w+)/.exec(server.output())![1]!;
  publishable = /Publishable key: (pk_\w+)/.exec(server.output())![1]!;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  removeDir(server.dir);
});

/** Replaces the demo environment's drafts with `name`'s config through rules as code, and publishes it. */
async function publishConfig(name: keyof typeof configs): Promise<number> {
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const content = configs[name];
  expect((await api('PUT', '/v1/catalog', content.catalog)).status).toBe(200);
  const { rules } = (await (await api('GET', '/v1/rules')).json()) as { rules: { id: string }[] };
  for (const r of rules) expect((await api('DELETE', `/v1/rules/${r.id}`)).status).toBe(204);
  for (const r of content.rules) expect((await api('PUT', `/v1/rules/${r.id}`, r)).status).toBe(201);
  const published = await api('POST', '/v1/publish');
  expect(published.status).toBe(201);
  return ((await published.json()) as { version: number }).version;
}

interface Report {
  configVersion: number | null;
  waitingForServerState: boolean;
  shown: { ruleId: string; tier: string } | null;
  rules: { ruleId: string; code: string }[];
}

/** Runs one scenario in the real widget: its state in local storage, the page clock at its instant, then identify. */
async function decideInWidget(page: Page, given: Scenario, run: number, rulesInConfig: number): Promise<Scenario['expect']> {
  // Each run is its own person, so no answer from the server about an earlier run can land in this one.
  const scenario = { ...given, context: { ...given.context, user: { ...given.context.user, id: `${given.context.user.id}-${run}` } } };
  await page.clock.setFixedTime(scenario.now);
  await page.evaluate(
    ({ key, scenario }) => {
      const w = window as unknown as { Upshift: { reset(): void; identify(c: unknown): void } };
      w.Upshift.reset();
      const { user, account } = scenario.context as { user: { id: string }; account: { id: string } };
      localStorage.setItem(`upshift:${key}:state:v1:${account.id}:${user.id}`, JSON.stringify(scenario.state));
      w.Upshift.identify(scenario.context);
    },
    { key: publishable, scenario },
  );
  const read = () => page.evaluate(() => (window as unknown as { Upshift: { debug(): Report } }).Upshift.debug());
  // Wait until the person's server state has arrived and every rule is explained.
  await expect.poll(async () => {
    const r = await read();
    return !r.waitingForServerState && r.rules.length === rulesInConfig;
  }).toBe(true);
  const report = await read();
  return {
    prompt: report.shown ? { ruleId: report.shown.ruleId, tier: report.shown.tier } : null,
    codes: Object.fromEntries(report.rules.map((r) => [r.ruleId, r.code])),
  };
}

describe(`the decision corpus (${scenarios.length} scenarios) in the widget, in Chromium`, () => {
  for (const name of Object.keys(configs) as (keyof typeof configs)[]) {
    const cases = scenarios.filter((s) => s.config === name);
    it(`decides all ${cases.length} "${name}" scenarios as the corpus expects`, async () => {
      const version = await publishConfig(name);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/demo`);
      await expect.poll(() => page.evaluate(() => (window as unknown as { Upshift: { debug(): Report } }).Upshift.debug().configVersion), { timeout: 10_000 }).toBe(version);
      const results: Record<string, Scenario['expect']> = {};
      let run = 0;
      for (const scenario of cases) results[scenario.name] = await decideInWidget(page, scenario, ++run, configs[name].rules.length);
      expect(results).toEqual(Object.fromEntries(cases.map((s) => [s.name, s.expect])));
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
