/**
 * A UUIDv7 (RFC 9562): 48 bits of millisecond time, then randomness. Ids sort by creation time,
 * which keeps the server's dedup index append-friendly. `fillRandom` is `crypto.getRandomValues`.
 */
export function uuidv7(now: number, fillRandom: (bytes: Uint8Array<ArrayBuffer>) => unknown): string {
  const b = new Uint8Array(16);
  fillRandom(b);
  let t = Math.max(0, Math.floor(now));
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  let hex = '';
  for (let i = 0; i < 16; i++) {
    hex += b[i]!.toString(16).padStart(2, '0');
    if (i === 3 || i === 5 || i === 7 || i === 9) hex += '-';
  }
  return hex;
}
