import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { ApiErrorBody } from '../../shared/schemas/error';

/** An expected failure with a stable machine code; `onError` turns it into the public error shape. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(status, { message });
  }
}

/** Codes for errors Hono raises itself (body limit, malformed input), keyed by status. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One JSON object per line on stdout/stderr, ready for any log collector. */
export const consoleLogger: Logger = {
  info: (message, fields) => console.info(JSON.stringify({ level: 'info', message, ...fields })),
  warn: (message, fields) => console.warn(JSON.stringify({ level: 'warn', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};

export function errorBody(code: string, message: string, details?: unknown): ApiErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** `events.3.type`: a zod issue path as a dotted string. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** One problem with an input, at its path; `code` is zod's, or `custom` for checks beyond the schema. */
export interface InputIssue {
  path: readonly PropertyKey[];
  code?: string;
  message: string;
}

/**
 * A 400 listing every problem with its exact field path, e.g. `audience.all.1.attr`. Schema errors
 * and the checks the schema cannot make (unknown attributes, operator mismatches) share this shape,
 * so a client reads them the same way.
 */
export function invalidInput(problems: readonly InputIssue[], what = 'request'): ApiError {
  const issues = problems.slice(0, 50).map((i) => ({ path: issuePath(i.path), code: i.code ?? 'custom', message: i.message }));
  const first = issues[0];
  const where = first ? (first.path ? ` at "${first.path}"` : '') : '';
  return new ApiError(400, 'invalid_request', `Invalid ${what}${where}: ${first?.message ?? 'does not match the schema'}`, { issues });
}

/** A 400 for a zod error: every issue with its exact field path. */
export function validationError(error: z.ZodError, what = 'request'): ApiError {
  return invalidInput(error.issues, what);
}

/**
 * Whether reading the request failed because its client went away mid-body (a closed tab, a
 * cancelled upload): Node rejects the body stream with `aborted` (ECONNRESET) and the request is
 * left incomplete. Only a Node request carries `incoming`; `app.request()` in tests never does.
 */
function clientAborted(err: Error, c: Context): boolean {
  const incoming = (c.env as { incoming?: { complete?: boolean; destroyed?: boolean } } | undefined)?.incoming;
  return (err as NodeJS.ErrnoException).code === 'ECONNRESET' && incoming?.complete === false && incoming.destroyed === true;
}

/**
 * The single error path: known failures get their status and code; a client that went away
 * mid-body is its own outcome, answered to nobody and not logged; anything else is a logged 500
 * that leaks nothing.
 */
export function onError(logger: Logger): ErrorHandler {
  return (err, c) => {
    if (err instanceof ApiError) return respond(c, err.status, errorBody(err.code, err.message, err.details));
    // The answer cannot reach anyone; the status only keeps access logs honest (nginx says 499).
    if (clientAborted(err, c)) return respond(c, 400, errorBody('client_aborted', 'The client closed the connection before sending the whole body'));
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      return respond(c, status, errorBody(CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad_request'), err.message || 'Request failed'));
    }
    logger.error('unhandled error', { method: c.req.method, path: c.req.path, error: err instanceof Error ? err.stack ?? err.message : String(err) });
    return respond(c, 500, errorBody('internal', 'Internal server error'));
  };
}

function respond(c: Context, status: ContentfulStatusCode, body: ApiErrorBody): Response {
  c.header('Cache-Control', 'no-store');
  return c.json(body, status);
}

export const notFound: NotFoundHandler = (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404);
};

/** For a path whose other methods exist: 405 with an `Allow` header. */
export function methodNotAllowed(...allow: string[]) {
  return (c: Context): Response => {
    c.header('Allow', allow.join(', '));
    return respond(c, 405, errorBody('method_not_allowed', `${c.req.method} is not allowed here; use ${allow.join(' or ')}`));
  };
}
