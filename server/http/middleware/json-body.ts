import type { Env } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { z } from 'zod';
import { ApiError, validationError } from '../errors';

const ACCEPTED = new Set(['application/json', 'text/plain']);

/** Parses a request body as JSON, or answers 400 `invalid_json` with the parser's reason. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON', { reason: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Parses and validates a JSON body; handlers read it with `c.req.valid('json')`. Unlike Hono's
 * json validator it also takes `text/plain`, which is what `navigator.sendBeacon` can send without
 * a CORS preflight, and it answers 415 for other types instead of validating an empty object.
 */
export function jsonBody<T extends z.ZodType>(schema: T, what = 'request body') {
  return createMiddleware<Env, string, { in: { json: z.input<T> }; out: { json: z.output<T> } }>(async (c, next) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!ACCEPTED.has(type)) {
      throw new ApiError(415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json', { received: type || null });
    }
    const parsed = schema.safeParse(parseJsonBody(await c.req.text()));
    if (!parsed.success) throw validationError(parsed.error, what);
    c.req.addValidatedData('json', parsed.data as object);
    await next();
  });
}
