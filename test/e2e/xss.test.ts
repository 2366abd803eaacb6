import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let secret: string;

/** The secret-key API, as a marketer's tooling would call it. */
const api = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

interface Payload {
  /** Also the start of the prompt's title, `[name] `, which is how each test finds its prompt. */
  name: string;
  /** What the marketer typed into title, body and (when it fits in 40 characters) call to action. */
  text: string;
  /** What a person reads; the typed text unless a placeholder resolves to something. */
  seen?: string;
}

const payloads: Payload[] = [
  { name: 'script tag', text: '<script>window.__xss=1</script>' },
  { name: 'script block breakout', text: '</script><script>window.__xss=1</script>' },
  { name: 'img onerror', text: '<img src=x onerror="window.__xss=1">' },
  { name: 'attribute breakout', text: '"><img src=x onerror=alert(1)>' },
  { name: 'svg onload', text: '<svg onload="window.__xss=1">' },
  { name: 'svg script', text: '<svg><script>window.__xss=1</script></svg>' },
  { name: 'iframe srcdoc', text: '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>' },
  { name: 'javascript: link', text: '<a href="javascript:window.__xss=1">x</a>' },
  { name: 'bare javascript: URL', text: 'javascript:window.__xss=1' },
  { name: 'data: URL', text: 'data:text/html,<script>window.__xss=1</script>' },
  { name: 'style tag', text: '<style>*{display:none!important}</style>' },
  { name: 'entities', text: '&lt;b&gt;bold&lt;/b&gt; &amp; &#60;i&#62;' },
  { name: 'markup around a placeholder', text: '<b>{{plan.name}}</b>', seen: '<b>Starter</b>' },
  { name: 'constructor call', text: "{{constructor.constructor('window.__xss=1')()}}" },
  { name: '__proto__ placeholder', text: 'a{{__proto__}}b', seen: 'ab' },
  { name: 'constructor placeholder', text: 'a{{ constructor }}b', seen: 'ab' },
  { name: 'prototype path', text: 'a{{offer.constructor.name}}{{plan.__proto__.toString}}b', seen: 'ab' },
  { name: 'RTL override', text: 'Invoice \u202Efdp.exe\u202C ready' },
  { name: 'zero-width joiners', text: 'Up\u200Dgr\u200Bade\u200C now\u2060!' },
  { name: 'homoglyphs', text: 'Uрgrаdе аt раураl.com' },
  { name: 'control characters', text: 'bell\u0007 escape\u001b[31m tab\t end' },
];

/** The control: plain words, rendered first to learn which elements the widget itself makes. */
const control: Payload = { name: 'plain words', text: 'Nothing but plain words' };

/**
 * One usage rule per payload, each live at once: rule i shows from (STEP × (i+1)) % of the limit
 * with priority i+1, so at that usage plus one it outranks every rule below it. The thresholds fit
 * under 100 %, a ladder's ceiling. The demo page takes the usage from `?usage=` (0 to 120 %).
 */
const STEP = Math.floor(99 / (payloads.length + 1));
const cases = [control, ...payloads].map((p, i) => ({ ...p, id: `xss-${i}`, usage: STEP * (i + 1) + 1 }));

function ruleFor(c: (typeof cases)[number], i: number) {
  const cta = c.text.length <= 40 ? c.text : 'See plans';
  return {
    id: c.id,
    name: `XSS probe ${i}`,
    status: 'live',
    priority: i + 1,
    surface: 'banner',
    offer: { type: 'upgrade', plan: 'next' },
    trigger: {
      type: 'usage',
      metric: 'api_calls',
      tiers: [{ id: 'only', at: { percent: STEP * (i + 1) }, tone: 'recommend', content: { title: `[${c.name}] ${c.text}`, body: c.text, cta } }],
    },
  };
}

/** What a person reads in title, body and call to action. */
function expectedCopy(c: Payload) {
  const seen = c.seen ?? c.text;
  return { title: `[${c.name}] ${seen}`, body: seen, cta: c.text.length <= 40 ? seen : 'See plans' };
}

interface Visit {
  page: Page;
  dialogs: string[];
  errors: string[];
  /** The URL of every request the page made, and those of them not yet finished or failed. */
  requests: { all: string[]; pending: Set<Request> };
  close(): Promise<void>;
}

/** A fresh browser profile on the demo at `usage` %, recording dialogs and uncaught errors. */
async function visit(usage: number): Promise<Visit> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const requests = { all: [] as string[], pending: new Set<Request>() };
  page.on('request', (r) => {
    requests.all.push(r.url());
    requests.pending.add(r);
  });
  page.on('requestfinished', (r) => requests.pending.delete(r));
  page.on('requestfailed', (r) => requests.pending.delete(r));
  await page.goto(`${server.url}/demo?usage=${usage}`);
  return { page, dialogs, errors, requests, close: () => context.close() };
}

/**
 * Waits until every request the page made has finished or failed (an injected image's fetch among
 * them), then until every image in the document and the widget's shadow root has loaded or failed
 * to, then for a later task: an injected image's `onload` or `onerror` would have run by then.
 */
async function settle(v: Visit): Promise<void> {
  await expect.poll(() => v.requests.pending.size, { timeout: 15_000 }).toBe(0);
  await v.page.evaluate(async () => {
    const root = document.querySelector('upshift-root')?.shadowRoot;
    const images = [...document.images, ...(root?.querySelectorAll('img') ?? [])];
    const done = (img: HTMLImageElement) => new Promise((resolve) => ['load', 'error'].forEach((type) => img.addEventListener(type, resolve, { once: true })));
    await Promise.all(images.map((img) => (img.complete ? null : done(img))));
    await new Promise((resolve) => setTimeout(resolve));
  });
}

/** Every element in the widget's shadow root, as `tag attr-name…`, and any that could run or load something. */
const shadowReport = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('upshift-root')?.shadowRoot;
    const all = root ? [...root.querySelectorAll('*')] : [];
    const risky = 'script, img, svg, iframe, frame, object, embed, style, link, meta, base, math, form, [src], [srcdoc], [href^="javascript:" i], [href^="data:" i]';
    return {
      elements: all.map((e) => [e.tagName.toLowerCase(), ...e.getAttributeNames().sort()].join(' ')),
      risky: all.filter((e) => e.matches(risky) || e.getAttributeNames().some((n) => n.toLowerCase().startsWith('on'))).map((e) => e.outerHTML),
      hrefs: all.flatMap((e) => (e instanceof HTMLAnchorElement ? [e.getAttribute('href')] : [])),
    };
  });

const injected = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

/** The elements the widget itself renders for a prompt, learnt from the plain-words control. */
let widgetElements: string[];

beforeAll(async () => {
  server = await startServer();
  secret = /Secret key:\s+(sk_\w+)/.exec(server.output())![1]!;
  // Every payload rule shows once to the same demo person: lift the one-a-day budget.
  expect((await api('PUT', '/v1/settings', { budget: { day: 100, week: 500 } })).status).toBe(200);
  const { rules } = (await (await api('GET', '/v1/rules')).json()) as { rules: { id: string }[] };
  for (const r of rules) expect((await api('DELETE', `/v1/rules/${r.id}`)).status).toBe(204);
  for (const [i, c] of cases.entries()) {
    const put = await api('PUT', `/v1/rules/${c.id}`, ruleFor(c, i));
    expect(put.status, `PUT /v1/rules/${c.id}: ${await put.clone().text()}`).toBe(201);
  }
  expect((await api('POST', '/v1/publish')).status).toBe(201);
  browser = await launchChromium();

  const { page, close } = await visit(cases[0]!.usage);
  await page.getByRole('region', { name: `[${control.name}]` }).waitFor({ state: 'visible', timeout: 10_000 });
  widgetElements = (await shadowReport(page)).elements;
  await close();
  expect(widgetElements.length).toBeGreaterThan(0);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  removeDir(server.dir);
});

describe('rule content in the widget, in Chromium', () => {
  it.each(cases.slice(1))('renders the $name payload as literal text and runs none of it', async (c) => {
    const v = await visit(c.usage);
    const { page, dialogs, errors, close } = v;
    try {
      const prompt = page.getByRole('region', { name: `[${c.name}]` });
      await prompt.waitFor({ state: 'visible', timeout: 10_000 });
      // Handlers of injected markup run later (an <img>'s onerror once its fetch fails): wait for what would run them.
      await settle(v);
      // Injected `<img src=x>` markup would have fetched `x`, wherever it landed.
      expect(v.requests.all.filter((url) => new URL(url).pathname === '/x')).toEqual([]);

      const copy = expectedCopy(c);
      expect(await prompt.getByRole('paragraph').allTextContents()).toEqual([copy.title, copy.body]);
      const cta = prompt.getByRole('link');
      expect(await cta.textContent()).toBe(copy.cta);
      expect(await prompt.textContent()).toContain(c.seen ?? c.text);

      const shadow = await shadowReport(page);
      expect(shadow.risky).toEqual([]);
      expect(shadow.elements).toEqual(widgetElements);
      // The only link is the catalog's checkout, whatever the copy says.
      expect(shadow.hrefs).toEqual([`/demo/billing?plan=pro&upshift_rule=${c.id}&upshift_tier=only`]);

      expect(await injected(page)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('links in the catalog', () => {
  const bad = [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'javascript://example.com/%0aalert(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
  ];

  it.each(bad)('refuses %j as a checkout or sales link with 400, and keeps the draft catalog', async (url) => {
    const { catalog } = (await (await api('GET', '/v1/catalog')).json()) as { catalog: { plans: Record<string, unknown>[]; salesUrl?: string } };
    const attempts = {
      'plans.1.checkoutUrl': { ...catalog, plans: catalog.plans.map((p, i) => (i === 1 ? { ...p, checkoutUrl: url } : p)) },
      salesUrl: { ...catalog, salesUrl: url },
    };
    for (const [path, body] of Object.entries(attempts)) {
      const res = await api('PUT', '/v1/catalog', body);
      expect(res.status, path).toBe(400);
      const { error } = (await res.json()) as { error: { details: { issues: { path: string }[] } } };
      expect(error.details.issues.map((i) => i.path)).toEqual([path]);
    }
    expect(await (await api('GET', '/v1/catalog')).json()).toEqual({ catalog });
  });
});
