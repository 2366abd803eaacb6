import { createMiddleware } from 'hono/factory';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, type ZlibOptions } from 'node:zlib';
import { ApiError } from '../errors';

type Decoder = (input: Buffer, options: ZlibOptions) => Promise<Buffer>;

const DECODERS: Record<string, Decoder> = {
  gzip: promisify(gunzip) as Decoder,
  'x-gzip': promisify(gunzip) as Decoder,
  deflate: promisify(inflate) as Decoder,
  br: promisify(brotliDecompress) as Decoder,
};

/**
 * Decodes a `Content-Encoding: gzip`, `deflate` or `br` body, refusing one that inflates past
 * `maxBytes` with 413 `payload_too_large`: zlib stops as soon as its output passes the cap
 * (`maxOutputLength`), so a small compression bomb costs at most `maxBytes` of work and memory.
 * Other encodings are a 415 `unsupported_encoding`. Runs after `maxBody`, which caps the bytes as
 * sent; the handler then reads the decoded body as if it had been sent plain.
 */
export function decompressBody(maxBytes: number, message: string) {
  return createMiddleware(async (c, next) => {
    const encoding = (c.req.header('content-encoding') ?? '').trim().toLowerCase();
    if (encoding === '' || encoding === 'identity') return next();
    const decode = DECODERS[encoding];
    if (!decode) {
      throw new ApiError(415, 'unsupported_encoding', 'Send the body uncompressed or with Content-Encoding gzip, deflate or br', { received: encoding });
    }
    const sent = Buffer.from(await c.req.raw.arrayBuffer());
    let body: Buffer;
    try {
      // maxOutputLength counts bytes; a cap of 0 would mean "no cap" to zlib, so it is at least 1.
      body = await decode(sent, { maxOutputLength: Math.max(1, maxBytes) });
    } catch (e) {
      if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ApiError(413, 'payload_too_large', message);
      throw new ApiError(400, 'invalid_encoding', `The body is not valid ${encoding} data`);
    }
    const headers = new Headers(c.req.raw.headers);
    headers.delete('content-encoding');
    headers.set('content-length', String(body.length));
    c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers, body: new Uint8Array(body) });
    await next();
  });
}
