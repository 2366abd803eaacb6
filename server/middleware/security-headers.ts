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
  return createMiddleware(async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    if (https) c.header('Strict-Transport-Security', HSTS);
  });
}
