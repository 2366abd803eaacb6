import { describe, expect, it } from 'vitest';
import { assign, bucket, fnv1a32 } from '../../shared/engine/bucket';
import vectors from '../../shared/vectors/hash.json';

describe('hashing vectors (shared/vectors/hash.json)', () => {
  it.each(vectors.fnv1a32 as [string, number][])('fnv1a32(%j) = %i', (text, expected) => {
    expect(fnv1a32(text)).toBe(expected);
  });

  it.each(vectors.bucket as [string, string, number][])('bucket(%j, %j) = %f, as GrowthBook v2 hashes it', (seed, value, expected) => {
    expect(bucket(seed, value)).toBe(expected);
  });
});

const accounts = Array.from({ length: 20_000 }, (_, i) => `acct_${i}`);

describe('assign', () => {
  it('is deterministic per seed and account', () => {
    for (const id of accounts.slice(0, 200)) {
      expect(assign('rule-a', id, 0.1, [{ id: 'a', weight: 1 }])).toEqual(assign('rule-a', id, 0.1, [{ id: 'a', weight: 1 }]));
    }
  });

  it.each([
    [0, [{ id: 'a', weight: 1 }], { holdout: 0, a: 1 }],
    [0.1, [{ id: 'a', weight: 1 }], { holdout: 0.1, a: 0.9 }],
    [0.2, [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }], { holdout: 0.2, a: 0.4, b: 0.4 }],
    [0.05, [{ id: 'a', weight: 3 }, { id: 'b', weight: 1 }], { holdout: 0.05, a: 0.7125, b: 0.2375 }],
    [1, [{ id: 'a', weight: 1 }], { holdout: 1, a: 0 }],
  ])('with holdout %f and variants %j splits 20,000 accounts close to %j', (holdout, variants, expected) => {
    const counts: Record<string, number> = {};
    for (const id of accounts) {
      const a = assign('split-test', id, holdout, variants);
      const key = a.group === 'holdout' ? 'holdout' : a.variant;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    for (const [group, share] of Object.entries(expected)) {
      expect(Math.abs((counts[group] ?? 0) / accounts.length - share)).toBeLessThan(0.015);
    }
  });

  it('gives a different split under a different seed, so rules are independent', () => {
    const same = accounts.filter((id) => assign('rule-a', id, 0.5, [{ id: 'v', weight: 1 }]).group === assign('rule-b', id, 0.5, [{ id: 'v', weight: 1 }]).group);
    expect(same.length / accounts.length).toBeGreaterThan(0.45);
    expect(same.length / accounts.length).toBeLessThan(0.55);
  });

  it('keeps held-out accounts held out when only the variants change', () => {
    const before = accounts.filter((id) => assign('rule-a', id, 0.1, [{ id: 'a', weight: 1 }]).group === 'holdout');
    const after = accounts.filter((id) => assign('rule-a', id, 0.1, [{ id: 'a', weight: 2 }, { id: 'b', weight: 1 }]).group === 'holdout');
    expect(after).toEqual(before);
  });

  it('holds everyone out when there is no variant to show', () => {
    expect(assign('rule-a', 'acct_1', 0, []).group).toBe('holdout');
  });
});

describe('assign when the experiment is edited', () => {
  const variants = [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }];
  it('never moves an account from one variant to another when only the holdout changes', () => {
    for (const id of accounts) {
      const before = assign('rule-a', id, 0.1, variants);
      const after = assign('rule-a', id, 0.3, variants);
      if (before.group === 'variant' && after.group === 'variant') expect(after.variant).toBe(before.variant);
      // Lowering the holdout never holds out anyone who was shown prompts.
      if (assign('rule-a', id, 0.05, variants).group === 'holdout') expect(before.group).toBe('holdout');
    }
  });
});
