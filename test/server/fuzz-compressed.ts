import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import { chance, int, pick, type Rand } from './fuzz-inputs';

/**
 * Really compressed request bodies for `POST /v1/events`, which takes `Content-Encoding` gzip,
 * deflate and br. What they carry is always a body the endpoint refuses; the compression around it
 * is valid, mislabelled, stacked, truncated, corrupt, or a bomb.
 */

type Encoding = 'gzip' | 'deflate' | 'br';

const compress = (encoding: Encoding, bytes: Uint8Array): Buffer =>
  encoding === 'gzip' ? gzipSync(bytes) : encoding === 'deflate' ? deflateSync(bytes) : brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });

export interface Compressed {
  body: Uint8Array;
  encoding: string;
}

/**
 * Bombs: a refused body followed by whitespace, compressed. `limit` is the decompressed cap: one
 * byte over it must be a 413, one byte under it still a 400 (the JSON is parsed and refused), and
 * 20 MB (gzip about 20 KB, brotli a few hundred bytes as sent) a 413 after at most `limit` bytes of work.
 */
export function compressionBombs(refused: string, limit: number): (Compressed & { expect: number })[] {
  const padded = (total: number) => Buffer.concat([Buffer.from(refused), Buffer.alloc(total - Buffer.byteLength(refused), 0x20)]);
  const sizes: [number, number][] = [
    [limit + 1, 413],
    [limit - 1, 400],
    [20 * 1024 * 1024, 413],
  ];
  return sizes.flatMap(([size, expect]) => {
    const plain = padded(size);
    return (['gzip', 'deflate', 'br'] as const).map((encoding) => ({ body: new Uint8Array(compress(encoding, plain)), encoding, expect }));
  });
}

/** `refused` (a body the endpoint refuses) compressed, with something wrong with the compression more often than not. */
export function compressedBody(r: Rand, refused: string | Uint8Array): Compressed {
  const plain = typeof refused === 'string' ? Buffer.from(refused) : refused;
  const encoding = pick(r, ['gzip', 'deflate', 'br'] as const);
  const packed = compress(encoding, plain);
  const label = () => pick(r, [encoding, encoding.toUpperCase(), ` ${encoding} `, encoding === 'gzip' ? 'x-gzip' : encoding]);
  return pick(r, [
    // Valid compression of a refused body.
    () => ({ body: new Uint8Array(packed), encoding: label() }),
    // Truncated: the stream ends early (or right after the header).
    () => ({ body: new Uint8Array(packed.subarray(0, int(r, packed.length))), encoding }),
    // Corrupt: a few bytes flipped.
    () => {
      const bytes = Uint8Array.from(packed);
      for (let i = 1 + int(r, 4); i > 0; i--) bytes[int(r, bytes.length)]! ^= 1 + int(r, 255);
      return { body: bytes, encoding };
    },
    // Labelled as another encoding than it is.
    () => ({ body: new Uint8Array(packed), encoding: pick(r, (['gzip', 'deflate', 'br'] as const).filter((e) => e !== encoding)) }),
    // Not compressed at all.
    () => ({ body: new Uint8Array(plain), encoding: pick(r, ['gzip', 'deflate', 'br']) }),
    // Compressed twice, labelled once: decodes to bytes that are not JSON.
    () => ({ body: new Uint8Array(compress(encoding, packed)), encoding }),
    // Stacked or unknown codings, which the server does not take.
    () => ({ body: new Uint8Array(packed), encoding: pick(r, ['gzip, br', 'br, gzip', 'compress', 'zstd', 'identity, gzip', 'gzip;q=1', '\u00ff']) }),
    // Trailing garbage after a complete stream.
    () => ({ body: new Uint8Array(Buffer.concat([packed, Buffer.from(chance(r, 0.5) ? packed : Buffer.from('garbage'))])), encoding }),
  ])();
}
