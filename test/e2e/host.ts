import type { AxeResults } from 'axe-core';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { readmeLoaderStub } from '../helpers/readme';
import { addInline, type RunningServer } from './harness';

// What the browser tests of the surfaces, trials, roles, resilience and CSP share: the demo
// environment's keys, the rules-as-code API, host pages served by a site of their own, a webhook
// receiver, and axe-core.

export interface Keys {
  publishable: string;
  secret: string;
}

/** The demo environment's keys, as the server printed them at startup. */
export function keysOf(server: RunningServer): Keys {
  const out = server.output();
  const publishable = /Publishable key:\s+(pk_\w+)/.exec(out)?.[1];
  const secret = /Secret key:\s+(sk_\w+)/.exec(out)?.[1];
  if (!publishable || !secret) throw new Error(`no demo keys in the server output:\n${out}`);
  return { publishable, secret };
}

export type Api = (method: string, path: string, body?: unknown) => Promise<Response>;

/** The secret-key API, as a marketer's tooling or the host's backend would call it. */
export function secretApi(server: RunningServer, secret: string): Api {
  return (method, path, body) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

/** Fails with the answer's body when the status is not the expected one. */
export async function expectStatus(res: Promise<Response> | Response, status: number, what: string): Promise<Response> {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status}: ${await r.text()}`);
  return r;
}

/**
 * Replaces every draft rule with `rules`, saves `settings` and publishes: afterwards the widget
 * sees exactly these rules (over the demo catalog).
 */
export async function publishRules(api: Api, rules: readonly object[], settings: object = { budget: { day: 100, week: 500 } }): Promise<void> {
  const { rules: drafts } = (await (await expectStatus(api('GET', '/v1/rules'), 200, 'GET /v1/rules')).json()) as { rules: { id: string }[] };
  for (const r of drafts) await expectStatus(api('DELETE', `/v1/rules/${r.id}`), 204, `DELETE /v1/rules/${r.id}`);
  for (const r of rules as { id: string }[]) await expectStatus(api('PUT', `/v1/rules/${r.id}`, r), 201, `PUT /v1/rules/${r.id}`);
  await expectStatus(api('PUT', '/v1/settings', settings), 200, 'PUT /v1/settings');
  await expectStatus(api('POST', '/v1/publish'), 201, 'POST /v1/publish');
}

/**
 * The environment's identity secret, as the host's backend keeps it (`GET /v1/identity`): the demo
 * environment has one, with verification off, so its trials and admin requests need tokens.
 */
export async function identitySecretOf(api: Api): Promise<string> {
  const view = (await (await expectStatus(api('GET', '/v1/identity'), 200, 'GET /v1/identity')).json()) as { secret: string | null };
  if (!view.secret) throw new Error('the environment has no identity secret');
  return view.secret;
}

/** An identity token for the person, signed as the README's Identity verification tells a host's backend to, valid for an hour. */
export function upshiftToken(secret: string, userId: string, accountId: string): string {
  const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { sub: userId, account: accountId, exp: Math.floor(Date.now() / 1000) + 3600 };
  const input = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export interface Site {
  url: string;
  close(): Promise<void>;
}

/**
 * A plain node:http server with a free port: the host app, a webhook receiver, a stand-in API. On
 * 127.0.0.1 unless `host` names another loopback address (Linux routes all of 127/8 to lo), for a
 * host app whose origin differs from the server's by more than the port.
 */
export async function listen(handler: RequestListener, host = '127.0.0.1'): Promise<Site> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A host app of its own: each path answers the HTML `pages` gives for it (404 otherwise), with `headers`, on `host` (see `listen`). */
export function hostSite(pages: (path: string, query: URLSearchParams) => string | null, headers: Record<string, string> = {}, host?: string): Promise<Site> {
  return listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const html = pages(url.pathname, url.searchParams);
    if (html === null) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers }).end(html);
  }, host);
}

const DAY = 86_400_000;

/** A context the widget accepts: a Starter account old enough for every guard, and `extra` on top. */
export function contextFor(id: string, extra: { user?: object; account?: object; usage?: Record<string, number>; limits?: Record<string, number> } = {}) {
  return {
    ...extra,
    user: { id: `user_${id}`, locale: 'en', ...extra.user },
    account: { id: `acct_${id}`, plan: 'starter', createdAt: new Date(Date.now() - 200 * DAY).toISOString(), ...extra.account },
  };
}

export interface HostPageOptions {
  /** Where upshift.js comes from. */
  src: string;
  key: string;
  /** `data-api`, when the API is not the script's origin. */
  api?: string;
  /** Passed to `Upshift.identify` right after the loader stub. */
  context?: object;
  /** Markup of the body. */
  body?: string;
  /** Put on the loader stub and the script tag. */
  nonce?: string;
  /** Extra `<head>` markup. */
  head?: string;
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A host page that embeds the widget exactly as the README says: the loader stub, then the async
 * script tag, then the host's own `identify`.
 */
export function hostPage(o: HostPageOptions): string {
  const nonce = o.nonce ? ` nonce="${attr(o.nonce)}"` : '';
  const identify = o.context ? `\nUpshift.identify(${JSON.stringify(o.context).replace(/</g, '\\u003c')});` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host app</title>
<script${nonce}>
${readmeLoaderStub()}${identify}
</script>
<script async src="${attr(o.src)}" data-key="${attr(o.key)}"${o.api ? ` data-api="${attr(o.api)}"` : ''}${nonce}></script>
${o.head ?? ''}
</head>
<body>
<main>
<h1>Host app</h1>
${o.body ?? ''}
</main>
</body>
</html>`;
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Runs axe-core over the whole document; it descends into the widget's open shadow roots. axe is
 * added with the nonce the page's own scripts carry, so pages with a nonce CSP (the console) take it.
 */
export async function axeViolations(page: Page, selector?: string): Promise<AxeResults['violations']> {
  if (!(await page.evaluate(() => 'axe' in window))) await addInline(page, 'script', readFileSync(axePath, 'utf8'));
  return page.evaluate(async (within) => {
    const { axe } = window as unknown as { axe: typeof import('axe-core') };
    return (await axe.run(within ? { include: [within] } : document, { resultTypes: ['violations'] })).violations;
  }, selector);
}

/**
 * Asserts axe finds nothing, printing one readable line per failing element when it does; over the
 * whole document, or only the part `selector` names (a big page's one changed part).
 */
export async function expectNoViolations(page: Page, when: string, selector?: string): Promise<void> {
  const found = await axeViolations(page, selector);
  const text = found
    .map((v) => `${v.id} (${v.impact ?? 'no impact'}): ${v.help}\n${v.nodes.map((n) => `    at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`).join('\n')}`)
    .join('\n');
  expect(found.map((v) => v.id), `axe found violations ${when}:\n${text}`).toEqual([]);
}

export interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver extends Site {
  deliveries: Delivery[];
}

/** The host's webhook endpoint: records every POST and answers 204. */
export async function startReceiver(): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const site = await listen((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      if (req.method === 'POST') deliveries.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  return { ...site, deliveries };
}

/**
 * Verifies a delivery the way a receiver following Standard Webhooks would, with node:crypto only:
 * HMAC-SHA256 of `id.timestamp.body` keyed with the secret's base64-decoded bytes after `whsec_`.
 */
export function signatureValid(secret: string, d: Delivery): boolean {
  const id = d.headers['webhook-id'];
  const timestamp = d.headers['webhook-timestamp'];
  const header = d.headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof header !== 'string') return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${d.body}`).digest();
  // The header may carry several space-separated signatures (during a secret rotation).
  return header.split(' ').some((s) => {
    const [version, sig] = s.split(',');
    const given = Buffer.from(sig ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}
