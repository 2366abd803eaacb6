export interface RequestDeps {
  api: string;
  key: string;
  fetch: typeof fetch;
  setTimeout: (fn: () => void, ms: number) => unknown;
}

export interface RequestOptions {
  /** A body makes it a POST, sent as `text/plain` (a CORS-safelisted type, so no preflight is needed for it). */
  body?: string | undefined;
  /** The person's identity token: sent in the `X-Upshift-Token` header, never in a URL (URLs end up in logs). */
  token?: string | undefined;
  /** `If-None-Match`, to revalidate a cached answer. */
  etag?: string | undefined;
  /** The page waits on the answer, as on any GET: give up after `READ_TIMEOUT_MS`. */
  read?: boolean;
  /** Let the request outlive the page (event batches). */
  keepalive?: boolean;
}

/** One call to the widget's API: the answer, whatever its status, or null when there was none in time. */
export type Request = (path: string, options?: RequestOptions) => Promise<Response | null>;

/**
 * How long a request may take before it is abandoned: a read holds prompts back, so it gives up
 * sooner than a write, which is retried or reported as failed.
 */
export const READ_TIMEOUT_MS = 5000;
export const WRITE_TIMEOUT_MS = 15_000;

/** `${api}/v1/${path}` with the publishable key in the query (a header would cost a preflight). */
export const apiUrl = (deps: Pick<RequestDeps, 'api' | 'key'>, path: string): string =>
  `${deps.api}/v1/${path}${path.includes('?') ? '&' : '?'}key=${encodeURIComponent(deps.key)}`;

/**
 * The widget's one way to reach its API: every request carries the publishable key, omits cookies,
 * sends the identity token in a header, and is aborted once it has taken longer than `TIMEOUT_MS`.
 * Never rejects: a network error, a refused connection or a timeout all resolve to null.
 */
export function createRequest(deps: RequestDeps): Request {
  return async (path, { body, token, etag, read = body === undefined, keepalive = false } = {}) => {
    const controller = new AbortController();
    deps.setTimeout(() => controller.abort(), read ? READ_TIMEOUT_MS : WRITE_TIMEOUT_MS);
    const headers: Record<string, string> = { 'Content-Type': 'text/plain;charset=UTF-8' };
    if (token) headers['X-Upshift-Token'] = token;
    if (etag) headers['If-None-Match'] = etag;
    try {
      return await deps.fetch(apiUrl(deps, path), { method: body === undefined ? 'GET' : 'POST', headers, body: body ?? null, keepalive, credentials: 'omit', signal: controller.signal });
    } catch {
      return null;
    }
  };
}
