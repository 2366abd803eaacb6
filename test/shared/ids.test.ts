import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uuidv7 } from '../../shared/ids';

const cryptoFill = (bytes: Uint8Array<ArrayBuffer>) => webcrypto.getRandomValues(bytes);
const constantFill = (byte: number) => (bytes: Uint8Array<ArrayBuffer>) => bytes.fill(byte);

/** The 48-bit millisecond timestamp at the front of a UUIDv7. */
const timestampOf = (id: string): number => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);

describe('uuidv7', () => {
  it.each([
    { name: 'the epoch', now: 0, fill: cryptoFill },
    { name: 'a recent instant', now: Date.UTC(2026, 2, 10, 12, 34, 56, 789), fill: cryptoFill },
    { name: 'the largest 48-bit time', now: 2 ** 48 - 1, fill: cryptoFill },
    { name: 'all-zero randomness', now: Date.UTC(2026, 0, 1), fill: constantFill(0x00) },
    { name: 'all-one randomness', now: Date.UTC(2026, 0, 1), fill: constantFill(0xff) },
  ])('is a valid version 7 UUID encoding its time: $name', ({ now, fill }) => {
    const id = uuidv7(now, fill);

    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(z.uuid({ version: 'v7' }).safeParse(id).success).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id[14]).toBe('7'); // version nibble
    expect(Number.parseInt(id[19] ?? '', 16) >> 2).toBe(0b10); // variant bits 10xx
    expect(timestampOf(id)).toBe(now);
  });

  it.each([
    { byte: 0x00, tail: '7000-8000-000000000000' },
    { byte: 0xff, tail: '7fff-bfff-ffffffffffff' },
    { byte: 0xa5, tail: '75a5-a5a5-a5a5a5a5a5a5' },
  ])('keeps the random bits outside version and variant (fill $byte)', ({ byte, tail }) => {
    const id = uuidv7(0x0123_4567_89ab, constantFill(byte));

    expect(id).toBe(`01234567-89ab-${tail}`);
  });

  it('floors a fractional time', () => {
    expect(timestampOf(uuidv7(1_700_000_000_000.9, cryptoFill))).toBe(1_700_000_000_000);
  });

  it('asks for 16 random bytes once', () => {
    const sizes: number[] = [];
    uuidv7(Date.UTC(2026, 0, 1), (bytes) => sizes.push(bytes.length));

    expect(sizes).toEqual([16]);
  });

  it.each([{ start: Date.UTC(2026, 0, 1), step: 1 }, { start: 0, step: 997 }, { start: Date.UTC(2026, 2, 10), step: 86_400_000 }])(
    'ids created at increasing times sort lexicographically (from $start, step $step ms)',
    ({ start, step }) => {
      const ids = Array.from({ length: 500 }, (_, i) => uuidv7(start + i * step, cryptoFill));

      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
    },
  );
});
