/**
 * What went wrong, in one shape for every failure of the client: the server's error answer
 * (`status` 4xx/5xx, its `code`, `message` and `details`), or no answer at all (`status` 0, code
 * `network_error`), or an answer that is not Upshift's (code `unexpected_response`).
 */
export class UpshiftError extends Error {
  override readonly name = 'UpshiftError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The error inside `{"error":{"code","message","details"}}`, or null when the body is not that shape. */
function errorBody(body: unknown): { code: string; message: string; details?: unknown } | null {
  const error = isObject(body) ? body.error : undefined;
  if (!isObject(error) || typeof error.code !== 'string' || typeof error.message !== 'string') return null;
  return 'details' in error ? { code: error.code, message: error.message, details: error.details } : { code: error.code, message: error.message };
}

/** The `UpshiftError` for a failed answer; `text` is its body as received. */
export function errorFromResponse(status: number, text: string, url: string): UpshiftError {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: a proxy's page, or a URL that is not an Upshift server. Said below.
  }
  const parsed = errorBody(body);
  if (parsed) return new UpshiftError(status, parsed.code, parsed.message, parsed.details);
  return new UpshiftError(status, 'unexpected_response', `${url} answered ${status} without an Upshift error; is this the Upshift server's URL?`);
}

/** The `UpshiftError` for a request that got no answer (refused, unknown host, reset, aborted). */
export function networkError(url: string, cause: unknown): UpshiftError {
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : null;
  const reason = inner ?? (cause instanceof Error ? cause.message : String(cause));
  return new UpshiftError(0, 'network_error', `Could not reach ${url}: ${reason}`);
}
