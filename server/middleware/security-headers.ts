import { createMiddleware } from 'hono/factory';

/** A year: browsers keep using https for that long after their last visit. */
export const HSTS = 'max-age=31536000';

/**
 * Headers every answer carries, errors and 404s included: `X-Content-Type-Options: nosniff` (a
 * browser never reads JSON or a text file as a script or a page), and `Strict-Transport-Security`
 * when browsers reach the server over https (`UPSHIFT_PUBLIC_URL` is https). Pages add their own
 * policy (see `page-policy.ts`).
 */
export function securityHeaders({ https }: { https: boolean }) {
  const set = (headers: Headers | { header(name: string, value: string): void }) => {
    // Not `'set' in headers`: a Hono context has a `set` too (for variables), which took the
    // headers as variables, so every answer lacked them and was copied afterwards.
    const put = headers instanceof Headers ? (n: string, v: string) => headers.set(n, v) : (n: string, v: string) => headers.header(n, v);
    put('X-Content-Type-Options', 'nosniff');
    if (https) put('Strict-Transport-Security', HSTS);
  };
  return createMiddleware(async (c, next) => {
    // Set before the handler runs, so every answer made through the context carries them at no
    // cost: setting them on a finished response makes Hono copy it, on every request.
    set(c);
    await next();
    // A response built by hand (new Response) or by the error path may lack them: only those are copied.
    if (!c.res.headers.has('X-Content-Type-Options')) {
      c.res = new Response(c.res.body, c.res);
      set(c.res.headers);
    }
  });
}
