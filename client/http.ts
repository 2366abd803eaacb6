import { UpshiftError, errorFromResponse, networkError } from './error';

/** What the client needs to reach a server: its base URL, a secret key, and a `fetch` (global by default). */
export interface ClientOptions {
  /** The server's base URL, e.g. `https://upshift.example.com`. */
  url: string;
  /** A secret key (`sk_…`) of the environment to work on. Never ship it to a browser. */
  secretKey: string;
  fetch?: typeof fetch;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One call: JSON in, JSON out (null for 204), an `UpshiftError` for anything else. */
export type Send = <T>(method: Method, path: string, body?: unknown) => Promise<T>;

/** The request helper every method goes through, bound to one server and key. */
export function sender({ url, secretKey, fetch: doFetch = globalThis.fetch }: ClientOptions): Send {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new UpshiftError(0, 'invalid_url', `"${url}" is not a URL; give the server's base URL, such as https://upshift.example.com`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new UpshiftError(0, 'invalid_url', `"${url}" is not an http(s) URL`);
  if (!secretKey) throw new UpshiftError(0, 'missing_key', 'A secret key (sk_…) is required');
  // A base with a path (behind a proxy at /upshift/) keeps it: paths are joined, not resolved from the root.
  const root = base.href.replace(/\/+$/, '');
  return async <T>(method: Method, path: string, body?: unknown): Promise<T> => {
    const target = `${root}${path}`;
    const headers: Record<string, string> = { authorization: `Bearer ${secretKey}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await doFetch(target, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      text = await res.text();
    } catch (e) {
      throw networkError(root, e);
    }
    if (!res.ok) throw errorFromResponse(res.status, text, target);
    if (res.status === 204 || text === '') return null as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new UpshiftError(res.status, 'unexpected_response', `${target} answered ${res.status} with a body that is not JSON; is this the Upshift server's URL?`);
    }
  };
}
