import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkHost, firstRefused, refusalReason } from './destination';

/** A name to every address it resolves to, as getaddrinfo answers. Injected so tests can play a DNS whose answer changes. */
export type Resolve = (hostname: string) => Promise<readonly LookupAddress[]>;

/** The operating system's resolver (`/etc/hosts`, then DNS), as Node itself connects by. */
export const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/** Where webhooks may go, for both the check at save and the one at delivery. */
export interface DestinationPolicy {
  /** `UPSHIFT_WEBHOOK_ALLOW_PRIVATE=1`: loopback and private networks too, for local development and tests. */
  allowPrivate: boolean;
  resolve?: Resolve;
}

/** A delivery refused because of where it would go. Its message is all the log shows: nothing about the port behind it. */
export class DestinationRefused extends Error {
  override name = 'DestinationRefused';
  constructor() {
    super('destination not allowed');
  }
}

/** How long saving an endpoint waits for its name to resolve before accepting it and leaving the check to delivery. */
const SAVE_RESOLVE_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let handle: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (handle = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(handle));
}

/**
 * At save: why a webhook may not go to `url`, or null when it may. A name is resolved and refused
 * when any of its addresses is internal. A name that does not resolve (yet, or DNS is down) is
 * accepted: delivery checks again against the address it actually connects to.
 */
export async function destinationProblem(url: string, { allowPrivate, resolve = systemResolve }: DestinationPolicy): Promise<string | null> {
  const check = checkHost(new URL(url).hostname, allowPrivate);
  if (check.outcome !== 'resolve') return check.outcome === 'refused' ? check.reason : null;
  const addresses = await withTimeout(resolve(check.name), SAVE_RESOLVE_TIMEOUT_MS).catch(() => 'timeout' as const);
  if (addresses === 'timeout') return null;
  const refused = firstRefused(addresses.map((a) => a.address), allowPrivate);
  return refused ? refusalReason(refused.kind, `${check.name} resolves to`) : null;
}

const familyNumber = (family: number | 'IPv4' | 'IPv6' | undefined) => (family === 'IPv4' ? 4 : family === 'IPv6' ? 6 : (family ?? 0));

/**
 * A `lookup` for sockets that fails with `DestinationRefused` when the name resolves to any internal
 * address. Node connects only to addresses its lookup hands back, so this checks the address
 * actually connected to, however the name's answer changed since it was saved (DNS rebinding).
 */
export function guardedLookup({ allowPrivate, resolve = systemResolve }: DestinationPolicy): LookupFunction {
  return (hostname, options, callback) => {
    if (checkHost(hostname, allowPrivate).outcome === 'refused') return callback(new DestinationRefused(), '');
    resolve(hostname).then(
      (addresses) => {
        if (firstRefused(addresses.map((a) => a.address), allowPrivate)) return callback(new DestinationRefused(), '');
        const family = familyNumber(options.family);
        const usable = addresses.filter((a) => family === 0 || a.family === family);
        const first = usable[0];
        if (!first) return callback(Object.assign(new Error(`no IPv${family} address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        return options.all ? callback(null, usable) : callback(null, first.address, first.family);
      },
      (e: NodeJS.ErrnoException) => callback(e, ''),
    );
  };
}

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Without an answer's status line by then, the attempt fails with a `TimeoutError`. */
  timeoutMs: number;
}

/**
 * POSTs one webhook and resolves with the answer's status; a redirect is an answer like any other
 * and is never followed. Rejects with `DestinationRefused` before any connection is made to an
 * address the policy refuses, whether the URL names it or a resolver answers it.
 */
export function postWebhook(post: WebhookPost, policy: DestinationPolicy): Promise<number> {
  const url = new URL(post.url);
  if (checkHost(url.hostname, policy.allowPrivate).outcome === 'refused') return Promise.reject(new DestinationRefused());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new Error(`cannot send to ${url.protocol} URLs`));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const headers = { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) };
    // A fresh socket per attempt (agent: false): a kept-alive one would skip the lookup, and with it the check.
    const req = send(url, { method: 'POST', headers, agent: false, lookup: guardedLookup(policy) }, (res) => {
      clearTimeout(timer);
      resolve(res.statusCode ?? 0);
      // The status is all a delivery needs; not reading the body keeps a receiver from streaming forever.
      res.on('error', () => undefined);
      res.destroy();
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no answer within ${post.timeoutMs} ms`), { name: 'TimeoutError' })), post.timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(post.body);
  });
}
