import { createMiddleware } from 'hono/factory';

/** A year: browsers keep using https for that long after their last visit. */
export const HSTS = 'max-age=31536000';

/** The headers `securityHeaders` adds, lower-case names, for answers precomputed outside it (GET /v1/config). */
export function securityHeaderValues({ https }: { https: boolean }): Record<string, string> {
  return https ? { 'x-content-type-options': 'nosniff', 'strict-transport-security': HSTS } : { 'x-content-type-options': 'nosniff' };
}

/**
 * Headers every answer carries, errors and 404s included: `X-Content-Type-Options: nosniff` (a
 * browser never reads JSON or a text file as a script or a page), and `Strict-Transport-Security`
 * when browsers reach the server over https (`UPSHIFT_PUBLIC_URL` is https). Pages add their own
 * policy (see `page-policy.ts`).
 */
export function securityHeaders(options: { https: boolean }) {
  const values = Object.entries(securityHeaderValues(options));
  const set = (headers: Headers | { header(name: string, value: string): void }) => {
    // Not `'set' in headers`: a Hono context has a `set` too (for variables), which took the
    // headers as variables, so every answer lacked them and was copied afterwards.
    if (headers instanceof Headers) for (const [n, v] of values) headers.set(n, v);
    else for (const [n, v] of values) headers.header(n, v);
  };
  return createMiddleware(async (c, next) => {
    // Set before the handler runs, so every answer made through the context carries them at no
    // cost: setting them on a finished response makes Hono copy it, on every request.
    set(c);
    await next();
    // A response built by hand (new Response) or by the error path may lack them: only those are copied.
    if (!c.res.headers.has('x-content-type-options')) {
      c.res = new Response(c.res.body, c.res);
      set(c.res.headers);
    }
  });
}
