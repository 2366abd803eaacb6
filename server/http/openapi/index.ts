import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { ifNoneMatch } from '../etag';
import { methodNotAllowed } from '../errors';
import { buildDocument } from './document';

export { buildDocument } from './document';

interface Served {
  body: string;
  etag: string;
}

/**
 * `GET /v1/openapi.json`: the document, built on the first request and kept (it only changes with
 * the code), with a strong ETag. No key: it says what the API takes, never what an environment holds.
 */
export function openApiRoutes(version: string) {
  let served: Served | undefined;
  const document = (): Served => {
    if (!served) {
      const body = JSON.stringify(buildDocument(version));
      served = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    }
    return served;
  };
  const app = new Hono();
  app.get('/', (c) => {
    const { body, etag } = document();
    c.header('ETag', etag);
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    if (ifNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(body, 200);
  });
  app.all('/', methodNotAllowed('GET'));
  return app;
}
