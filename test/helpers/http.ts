import { expect } from 'vitest';
import type { App } from '../../server/http/app';
import { ApiErrorBody } from '../../shared/schemas/error';

/** Requests resolve against this origin unless a test needs another one. */
export const BASE = 'http://localhost';

/** POSTs `body` (serialised unless already a string) to `/v1/events` with the key in the header. */
export function postEvents(app: App, key: string, body: unknown, init: { headers?: Record<string, string>; base?: string } = {}) {
  return app.request(`${init.base ?? BASE}/v1/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': key, ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * POSTs a state request to `/v1/state` as the widget does: `text/plain` JSON (no preflight for its
 * type), the key in the query. `body` is serialised unless already a string.
 */
export function postState(app: App, key: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(`${BASE}/v1/state?key=${encodeURIComponent(key)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The comma-separated tokens of a list header, lower-cased. */
export function headerList(res: Response, name: string): string[] {
  return (res.headers.get(name) ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Asserts the public error contract: the status, a JSON body of exactly
 * `{ error: { code, message, details? } }` with the given code, and nothing that looks like a
 * stack trace or a source path. Returns the parsed error.
 */
export async function expectApiError(res: Response, status: number, code: string): Promise<ApiErrorBody['error']> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const json: unknown = JSON.parse(text);
  const body = ApiErrorBody.parse(json);
  expect(Object.keys(json as object)).toEqual(['error']);
  for (const k of Object.keys(body.error)) expect(['code', 'message', 'details']).toContain(k);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(text).not.toMatch(/(\n|\\n)\s*at /);
  expect(text).not.toMatch(/\bat [^"\s]+ \(/);
  expect(text).not.toMatch(/[\w/\\-]+\.(ts|js|mjs|cjs):\d+/);
  expect(text).not.toMatch(/node_modules|file:\/\//);
  return body.error;
}
