import type { ApiErrorBody } from '../../shared/schemas/error';

/** A failed API call, in the server's error shape; `issues` carry zod paths for field errors. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field errors by dotted path (`allowedOrigins.1`), as the server's validation answers them. */
  get fieldErrors(): Record<string, string> {
    const issues = (this.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
    return Object.fromEntries(issues.map((i) => [i.path, i.message]));
  }
}

let csrfToken: string | null = null;
let onSignedOut: (() => void) | null = null;

/** The session's CSRF token, sent as `X-CSRF-Token` on every mutation. */
export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};
/** Called when the server answers 401 to a signed-in call: the session ended elsewhere or timed out. */
export const onSessionEnded = (handler: () => void): void => {
  onSignedOut = handler;
};

/** One JSON request to the admin API; resolves the parsed body (or null for 204), rejects with `ApiFailure`. */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch {
    throw new ApiFailure(0, 'network', 'Upshift could not be reached. Check your connection and try again.');
  }
  if (res.status === 204) return null as T;
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page): reported below by status.
  }
  if (!res.ok) {
    const error = (parsed as ApiErrorBody | null)?.error;
    if (res.status === 401 && onSignedOut && !path.endsWith('/session')) onSignedOut();
    throw new ApiFailure(res.status, error?.code ?? 'http_error', error?.message ?? `The server answered ${res.status}`, error?.details);
  }
  return parsed as T;
}

/** The admin API path of an environment-scoped resource: `envPath('env_1', 'rules')` → `/v1/admin/environments/env_1/rules`. */
export const envPath = (envId: string, rest: string): string => `/v1/admin/environments/${encodeURIComponent(envId)}/${rest}`;
