import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { State } from '../../shared/schemas/state';
import { configs, publishedRules, scenarios, type ConfigName, type Scenario } from '../corpus/scenarios';
import { normalized, summarize, withoutWords, type DecisionLike, type PromptLike } from '../corpus/summarize';
import type { Expectation } from '../corpus/types';
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

/** Replaces the demo environment's drafts (catalog, rules, settings) with `name`'s config through the API, and publishes it. */
async function publishConfig(name: ConfigName): Promise<number> {
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const content = configs[name];
  expect((await api('PUT', '/v1/catalog', content.catalog)).status).toBe(200);
  // Settings are drafts too: an empty object clears the previous config's, so every default applies.
  const settings = 'settings' in content ? content.settings : {};
  expect((await api('PUT', '/v1/settings', settings)).status, 'PUT /v1/settings').toBe(200);
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
  shown: PromptLike | null;
  placed: PromptLike[];
  rules: { ruleId: string; code: string; message: string }[];
  context: { user: { id: string } } | null;
}

/** `Upshift.debug()` resolves once its explainer has loaded; page.evaluate awaits it. */
const debugReport = (page: Page) => page.evaluate(() => (window as unknown as { Upshift: { debug(): Promise<Report> } }).Upshift.debug());

/**
 * What `POST /v1/state` answers for each person: exactly their scenario's history. The real answer
 * is built from events stored for the whole account (tiers reached by anyone in it, the impressions
 * this very test's widget reports for earlier scenarios of the same account), and it cannot hold the
 * synthetic forecasts, billing-period peaks and trials the scenarios need. Answering with the same
 * history the page keeps locally means the server never contradicts it, and the merge of the two is
 * the scenario's state.
 */
const serverState = new Map<string, State>();
/** Each run is its own person across the whole file, so nothing stored for one scenario reaches another. */
let run = 0;

/**
 * A page whose `/v1/state` answers come from `serverState`. With `explainer: false` the page cannot
 * load upshift-debug.js, so `Upshift.debug()` reports the codes upshift.js itself decided with
 * (its lean build drops the facts); with it, the codes come from the explainer's own run of the
 * engine, with a message for each.
 */
async function openPage(explainer: boolean): Promise<Page> {
  const page = await browser.newPage();
  await page.route(
    (url) => url.pathname === '/v1/state',
    async (route) => {
      // The widget names the person in the body of its POST.
      const user = (JSON.parse(route.request().postData() ?? '{}') as { user?: string }).user ?? null;
      const state = user === null ? undefined : serverState.get(user);
      if (state === undefined) return route.continue();
      await route.fulfill({ status: 200, contentType: 'application/json', headers: { 'Cache-Control': 'private, no-store' }, body: JSON.stringify(state) });
    },
  );
  if (!explainer) await page.route((url) => url.pathname === '/upshift-debug.js', (route) => route.abort());
  // The demo identifies its own person once at load, then again when its backend's identity token
  // arrives. Under load that second identify could land after a scenario's and replace its context;
  // without the token the demo identifies once, before any scenario.
  await page.route((url) => url.pathname === '/demo/api/upshift-token', (route) => route.abort());
  return page;
}

/** Runs one scenario in the real widget: its state in local storage and from the server, the page clock at its instant, then identify. */
async function decideInWidget(page: Page, given: Scenario, rulesInConfig: number, explainer: boolean): Promise<{ decided: Expectation; unexplained: string[] }> {
  const user = { ...given.context.user, id: `${given.context.user.id}-${++run}` };
  const scenario = { ...given, context: { ...given.context, user } };
  serverState.set(user.id, scenario.state);
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
  // Wait until the person's server state has arrived and every rule is explained.
  await expect.poll(async () => {
    const r = await debugReport(page);
    return r.context?.user.id === user.id && !r.waitingForServerState && r.rules.length === rulesInConfig;
  }).toBe(true);
  const report = await debugReport(page);
  const decision: DecisionLike = { prompt: report.shown, placed: report.placed, reasons: report.rules };
  return { decided: summarize(decision, explainer ? given.expect : withoutWords(given.expect)), unexplained: report.rules.filter((r) => !r.message || r.message === r.code).map((r) => r.ruleId) };
}

/** Opens the demo on the published `version` and decides every scenario of `cases` there. */
async function decideAll(cases: Scenario[], version: number, rulesInConfig: number, explainer: boolean) {
  const page = await openPage(explainer);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/demo`);
  await expect.poll(async () => (await debugReport(page)).configVersion, { timeout: 10_000 }).toBe(version);
  const decided: Record<string, Expectation> = {};
  const unexplained: Record<string, string[]> = {};
  for (const scenario of cases) {
    const r = await decideInWidget(page, scenario, rulesInConfig, explainer);
    decided[scenario.name] = r.decided;
    if (r.unexplained.length) unexplained[scenario.name] = r.unexplained;
  }
  await page.close();
  return { decided, unexplained, errors };
}

describe(`the decision corpus (${scenarios.length} scenarios) in the widget, in Chromium`, () => {
  for (const name of Object.keys(configs) as ConfigName[]) {
    const cases = scenarios.filter((s) => s.config === name);
    it(`decides all ${cases.length} "${name}" scenarios as the corpus expects, and Upshift.debug() explains them`, { timeout: 120_000 }, async () => {
      const version = await publishConfig(name);
      const expected = Object.fromEntries(cases.map((s) => [s.name, normalized(s.expect)]));
      const rulesInConfig = publishedRules(name).length;
      // upshift.js on its own: the prompt, the placed prompts and every code it decided with. Their
      // words (offer, title) are the prompt UI's and the explainer's to make: checked below.
      const lean = await decideAll(cases, version, rulesInConfig, false);
      expect(lean.decided).toEqual(Object.fromEntries(Object.entries(expected).map(([k, e]) => [k, withoutWords(e)])));
      expect(lean.errors).toEqual([]);
      // With upshift-debug.js: the same codes from its run of the engine, each with words.
      const explained = await decideAll(cases, version, rulesInConfig, true);
      expect(explained.decided).toEqual(expected);
      expect(explained.unexplained).toEqual({});
      expect(explained.errors).toEqual([]);
    });
  }
});
