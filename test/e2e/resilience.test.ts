import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtUi, root } from '../helpers/readme';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, hostPage, keysOf, listen, publishRules, secretApi, type Site } from './host';

// When the Upshift API is down, slow or answers garbage, the host page must not notice: it keeps
// working, shows nothing of ours, throws nothing, gets one console warning, and no globals but ours.
// A stand-in API on a port of its own serves the built upshift.js (and its prompt UI) and answers /v1/* per case; the
// case is the first path segment of `data-api` (`/hang/v1/config`). The `ok` case passes through
// to a real server, to show the same page does show a prompt when the API works.

let server: RunningServer;
let standIn: Site;
let browser: Browser;
let context: BrowserContext;
let current: Page | undefined;
const widget = readFileSync(join(root, 'dist', 'widget', 'upshift.js'));
/** The prompt UI upshift.js loads when a prompt shows, under its content-hashed name. */
const uiName = builtUi().file;
const ui = readFileSync(join(root, 'dist', 'widget', uiName));

const CASES = {
  '500': (res: ServerResponse) => res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":{"code":"internal","message":"boom"}}'),
  // Never answers: the widget gives up on its own after 5 s.
  hang: () => {},
  'not-json': (res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{not json'),
  'wrong-shape': (res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"x"' }).end('{"version":"7","catalog":[],"rules":{"a":1},"settings":null}'),
} as const;
type Case = keyof typeof CASES;

const cors = { 'Access-Control-Allow-Origin': '*' };

/** Passes an API request through to the real server. */
async function proxy(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  const upstream = await fetch(`${server.url}${path}`, { method: req.method ?? 'GET', ...(req.method === 'POST' ? { body, headers: { 'Content-Type': 'text/plain' } } : {}) });
  res.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') ?? 'application/json', ...cors }).end(Buffer.from(await upstream.arrayBuffer()));
}

function hostPageFor(mode: string): string {
  return hostPage({
    src: `${standIn.url}/upshift.js`,
    key: keysOf(server).publishable,
    api: `${standIn.url}/${mode}`,
    // At 97 % of the API calls: a working API shows the urgent banner.
    context: contextFor(`resilience-${mode}`, { usage: { api_calls: 9700 } }),
    body: `
<p><button type="button" id="add">Add item</button> <button type="button" data-upshift-feature="scheduled_reports">Scheduled reports</button></p>
<ul id="items"></ul>
<div data-upshift-slot="billing"></div>
<script>
(() => {
  let n = 0;
  document.getElementById('add').addEventListener('click', () => {
    const li = document.createElement('li');
    li.textContent = 'Item ' + ++n;
    document.getElementById('items').append(li);
  });
})();
</script>`,
  });
}

const BEFORE = Symbol.for('globals before any script');

interface Visit {
  page: Page;
  warnings: string[];
  errors: string[];
  /** The paths of the widget's API requests, and of those that have finished or failed. */
  api: { started: string[]; settled: string[] };
}

async function open(mode: Case | 'ok'): Promise<Visit> {
  const p = (current = await context.newPage());
  const warnings: string[] = [];
  const errors: string[] = [];
  p.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  p.on('pageerror', (e) => errors.push(e.message));
  const api = { started: [] as string[], settled: [] as string[] };
  const path = (r: Request) => new URL(r.url()).pathname;
  p.on('request', (r) => void (path(r).includes('/v1/') && api.started.push(path(r))));
  const settled = (r: Request) => void (path(r).includes('/v1/') && api.settled.push(path(r)));
  p.on('requestfinished', settled);
  p.on('requestfailed', settled);
  // The window's own properties before the page's first script, kept under a symbol so the record is not one of them.
  await p.addInitScript((key) => Object.defineProperty(window, Symbol.for(key), { value: Object.getOwnPropertyNames(window) }), BEFORE.description!);
  await p.goto(`${standIn.url}/${mode}/`);
  return { page: p, warnings, errors, api };
}

let marks = 0;
/**
 * Waits until the config and state requests, and every other API request the page has made, have
 * finished or failed (a hanging one once the widget gave up on it), then writes a marker to the
 * console from a later task and waits for it: console messages arrive in order, so whatever the
 * widget warned on any of those outcomes is in `warnings` by then.
 */
async function settle(v: Visit): Promise<void> {
  const { started, settled } = v.api;
  await expect.poll(() => ['config', 'state'].every((name) => started.some((s) => s.endsWith(`/v1/${name}`))) && settled.length === started.length, { timeout: 15_000 }).toBe(true);
  const mark = `marker ${++marks}`;
  await v.page.evaluate((m) => new Promise<void>((resolve) => setTimeout(() => resolve(console.warn(m)))), mark);
  await expect.poll(() => v.warnings.includes(mark)).toBe(true);
}

const newGlobals = (p: Page) =>
  p.evaluate((key) => {
    const before = new Set((window as unknown as Record<symbol, string[]>)[Symbol.for(key)]);
    return Object.getOwnPropertyNames(window).filter((name) => !before.has(name));
  }, BEFORE.description!);

/** Clicks the host's own button and returns the list it updates. */
async function addItem(p: Page): Promise<string[]> {
  await p.getByRole('button', { name: 'Add item' }).click();
  return p.locator('#items li').allTextContents();
}

beforeAll(async () => {
  server = await startServer();
  await publishRules(secretApi(server, keysOf(server).secret), [
    {
      id: 'resilience-banner',
      name: 'API calls nearly used up',
      status: 'live',
      priority: 10,
      surface: 'banner',
      offer: { type: 'upgrade', plan: 'next' },
      trigger: { type: 'usage', metric: 'api_calls', tiers: [{ id: 'p90', at: { percent: 90 }, tone: 'urgent', content: { title: 'You are about to run out of API calls', body: '{{usage}} of {{limit}} used.', cta: 'Upgrade' } }] },
    },
    {
      id: 'resilience-inline',
      name: 'Billing card',
      status: 'live',
      priority: 10,
      surface: 'inline',
      slot: 'billing',
      offer: { type: 'upgrade', plan: 'next' },
      trigger: { type: 'usage', metric: 'api_calls', tiers: [{ id: 'p10', at: { percent: 10 }, tone: 'inform', content: { title: 'Room to grow', body: 'Pro has more.', cta: 'See Pro' } }] },
    },
  ]);
  standIn = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const [, mode, ...rest] = url.pathname.split('/');
    if (url.pathname === '/upshift.js') return void res.writeHead(200, { 'Content-Type': 'text/javascript', ...cors }).end(widget);
    if (url.pathname === `/${uiName}`) return void res.writeHead(200, { 'Content-Type': 'text/javascript', ...cors }).end(ui);
    if (rest.length === 1 && rest[0] === '') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(hostPageFor(mode!));
    if (rest[0] !== 'v1') return void res.writeHead(404).end();
    if (req.method === 'OPTIONS') return void res.writeHead(204, { ...cors, 'Access-Control-Allow-Headers': 'Content-Type, If-None-Match, X-Upshift-Key', 'Access-Control-Allow-Methods': 'GET, POST' }).end();
    if (mode === 'ok') return void proxy(req, res, `/${rest.join('/')}${url.search}`);
    // Every API answer of a broken case is broken alike (CORS allowed, so the body is what the widget sees).
    const answer = CASES[mode as Case];
    if (!answer) return void res.writeHead(404).end();
    if (mode !== 'hang') res.setHeader('Access-Control-Allow-Origin', '*');
    answer(res);
  });
  browser = await launchChromium();
  context = await browser.newContext();
});

afterEach(async () => {
  await current?.close();
  current = undefined;
});

afterAll(async () => {
  await browser?.close();
  await standIn?.close();
  await server?.stop();
  removeDir(server.dir);
});

describe('the host page when the Upshift API fails, in Chromium', () => {
  it('with a working API, the same page shows the prompt (the control)', async () => {
    const { page: p, errors, warnings } = await open('ok');
    await p.getByRole('region', { name: 'You are about to run out of API calls' }).waitFor({ state: 'visible', timeout: 10_000 });
    await p.getByRole('region', { name: 'Room to grow' }).waitFor({ state: 'visible' });
    expect(await p.locator('upshift-badge').count()).toBe(1);
    expect(await addItem(p)).toEqual(['Item 1']);
    expect(await newGlobals(p)).toEqual(['Upshift']);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['500', 'answers GET /v1/config with HTTP 500', /config request answered HTTP 500/],
    ['hang', 'never answers GET /v1/config', /config request failed or timed out/],
    ['not-json', 'answers GET /v1/config with "{not json"', /config response is not a valid config/],
    ['wrong-shape', 'answers GET /v1/config with JSON of the wrong shape', /config response is not a valid config/],
  ] as const)('%s: when the API %s, the page keeps working, shows nothing, throws nothing and warns once', async (mode, _, warning) => {
    const visit = await open(mode);
    const { page: p, errors, warnings } = visit;
    // The host page works while the widget waits for its config…
    expect(await addItem(p)).toEqual(['Item 1']);
    await expect.poll(() => warnings.filter((w) => w.startsWith('[upshift]')).length, { timeout: 10_000 }).toBeGreaterThan(0);
    // …and after it has given up. Later failures (the state request, too) must not add warnings.
    expect(await addItem(p)).toEqual(['Item 1', 'Item 2']);
    await settle(visit);
    expect(warnings.filter((w) => w.startsWith('[upshift]'))).toEqual([expect.stringMatching(warning)]);

    expect(await p.locator('upshift-root, upshift-slot, upshift-badge').count()).toBe(0);
    expect(await p.getByRole('region').count()).toBe(0);
    expect(await p.getByRole('dialog').count()).toBe(0);
    // The public API still answers, with the shapes of success.
    expect(await p.evaluate(() => (window as unknown as { Upshift: { gate(id: string): unknown } }).Upshift.gate('scheduled_reports'))).toEqual({ locked: false, plan: null });
    // A click on the feature is the host's as usual.
    await p.getByRole('button', { name: 'Scheduled reports' }).click();
    expect(await p.getByRole('dialog').count()).toBe(0);

    expect(errors).toEqual([]);
    expect(await newGlobals(p)).toEqual(['Upshift']);
  });
});
