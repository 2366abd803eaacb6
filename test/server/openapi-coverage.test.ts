import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocument } from '../../server/http/openapi';
import { createTestApp, type TestApp } from '../helpers/test-app';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'head']);

/**
 * One served route as `METHOD /path` in OpenAPI's style, or null when it is not an operation:
 * - `ALL` entries are Hono's `app.use` middleware (`/*`, `/v1/*`, `/v1/admin/*`) and each
 *   resource's `methodNotAllowed` catch-all (`app.all(path, …)`), which only answers 405;
 * - `:id` becomes `{id}`, and a parameter's pattern (`:file{upshift-ui\.[\w-]+\.js}`) is dropped:
 *   the document states it as the parameter's schema instead;
 * - a trailing `*` of a page's catch-all (`/admin/*`, the console's client-side routes) is the
 *   documented `{path}` parameter.
 */
export function operationOf(route: { method: string; path: string }): string | null {
  if (route.method === 'ALL') return null;
  const path = route.path
    .replace(/:(\w+)\{[^}]*\}/g, '{$1}')
    .replace(/:(\w+)/g, '{$1}')
    .replace(/\/\*$/, '/{path}');
  return `${route.method} ${path}`;
}

/**
 * The demo host app's own backend (`/demo/api/*`, mounted only when a demo key is given) signs
 * identity tokens for the demo's pretend users: it stands in for a customer's server, it is not
 * part of Upshift's API, and a real deployment without the demo does not serve it.
 */
const NOT_UPSHIFT = (op: string) => op.includes(' /demo/api/');

/** Pages other branches add: described already, served once merged (the lead deletes an entry when it is). */
const PENDING = new Set(['GET /docs/api']);

describe('the OpenAPI document covers the routes the app serves', () => {
  let t: TestApp;
  let served: Set<string>;
  let described: Set<string>;
  beforeAll(async () => {
    // With a demo key every optional route is mounted, so nothing served escapes the comparison.
    t = await createTestApp({ demoKey: 'pk_demo_coverage' });
    served = new Set(t.app.routes.map(operationOf).filter((op): op is string => op !== null && !NOT_UPSHIFT(op)));
    const doc = buildDocument('0.0.0');
    described = new Set(
      Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
        Object.keys(item as object)
          .filter((m) => METHODS.has(m))
          .map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
  });
  afterAll(() => t.cleanup());

  it('reads the route list the way the rules above say', () => {
    // Known answers, written by hand, so a broken normalisation cannot hide routes.
    expect(operationOf({ method: 'ALL', path: '/v1/*' })).toBeNull();
    expect(operationOf({ method: 'GET', path: '/v1/versions/:n/changes' })).toBe('GET /v1/versions/{n}/changes');
    expect(operationOf({ method: 'GET', path: '/:file{upshift-ui\\.[\\w-]+\\.js}' })).toBe('GET /{file}');
    expect(operationOf({ method: 'GET', path: '/admin/*' })).toBe('GET /admin/{path}');
    expect(served.size).toBeGreaterThan(100);
    expect(served).toContain('POST /v1/events');
    expect(served).toContain('OPTIONS /v1/events');
    expect(served).toContain('GET /v1/admin/environments/{env}/rules/{id}');
  });

  it('describes every served route', () => {
    const missing = [...served].filter((op) => !described.has(op));
    expect(missing).toEqual([]);
  });

  it('describes no route the app does not serve', () => {
    const phantom = [...described].filter((op) => !served.has(op) && !PENDING.has(op));
    expect(phantom).toEqual([]);
  });
});
