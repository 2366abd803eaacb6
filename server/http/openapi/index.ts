import { Hono } from 'hono';
import { toAsset, type Asset } from '../assets';
import { ifNoneMatch } from '../etag';
import { methodNotAllowed } from '../errors';
import { pickEncoding } from '../routes/pages';
import { buildDocument } from './document';

export { buildDocument } from './document';

/**
 * `GET /v1/openapi.json`: the document, built and compressed on the first request and kept (it
 * only changes with the code), served like the widget's files: brotli or gzip when accepted (about
 * a tenth of its 300 KB), a strong ETag per encoding, 304. No key: it says what the API takes,
 * never what an environment holds; any origin may read it.
 */
export function openApiRoutes(version: string) {
  let served: Asset | undefined;
  const app = new Hono();
  app.get('/', (c) => {
    served ??= toAsset(Buffer.from(JSON.stringify(buildDocument(version))), 'application/json; charset=utf-8');
    const encoding = pickEncoding(c.req.header('accept-encoding'));
    const etag = `"${served.hash}${encoding === 'identity' ? '' : `-${encoding}`}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Vary', 'Accept-Encoding');
    c.header('Access-Control-Allow-Origin', '*');
    if (ifNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    c.header('Content-Type', served.type);
    if (encoding !== 'identity') c.header('Content-Encoding', encoding);
    return c.body(served[encoding], 200);
  });
  app.all('/', methodNotAllowed('GET'));
  return app;
}
