import { describe, expect, it } from 'vitest';
import { ApiError } from '../../server/http/errors';
import { daysOf, resolveRange } from '../../server/services/analytics/range';

const NOW = Date.parse('2026-03-10T23:59:59.999Z');

describe('resolveRange', () => {
  it.each([
    ['both absent: the 30 days to today', {}, '2026-02-09', '2026-03-10'],
    ['to alone: the 30 days to it', { to: '2026-01-31' }, '2026-01-02', '2026-01-31'],
    ['from alone: to today', { from: '2026-03-01' }, '2026-03-01', '2026-03-10'],
    ['one day', { from: '2026-03-05', to: '2026-03-05' }, '2026-03-05', '2026-03-05'],
    ['across a leap day', { from: '2024-02-28', to: '2024-03-01' }, '2024-02-28', '2024-03-01'],
    ['exactly 400 days', { from: '2025-01-01', to: '2026-02-04' }, '2025-01-01', '2026-02-04'],
  ])('%s', (_name, query, from, to) => {
    const range = resolveRange(query, NOW);
    expect({ from: range.from, to: range.to }).toEqual({ from, to });
    expect(range.fromMs).toBe(Date.parse(`${from}T00:00:00Z`));
    expect(range.toMs).toBe(Date.parse(`${to}T00:00:00Z`) + 86_400_000);
  });

  it.each([
    ['from after to', { from: '2026-03-02', to: '2026-03-01' }, 'must not be after'],
    ['401 days', { from: '2025-01-01', to: '2026-02-05' }, 'covers 401 days'],
    ['from after today with no to', { from: '2026-03-11' }, 'must not be after'],
  ])('refuses %s with a 400 at "from"', (_name, query, message) => {
    let caught: unknown;
    try {
      resolveRange(query, NOW);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ApiError);
    const error = caught as ApiError;
    expect(error.status).toBe(400);
    expect(error.details).toMatchObject({ issues: [{ path: 'from' }] });
    expect(error.message).toContain(message);
  });
});

describe('daysOf', () => {
  it('lists every day once, across a month end', () => {
    expect(daysOf(resolveRange({ from: '2026-01-30', to: '2026-02-02' }, NOW))).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
  });
});
