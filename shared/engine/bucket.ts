/** 32-bit FNV-1a over UTF-16 code units (as JavaScript strings index them). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A stable position in [0, 1) for `value` under `seed`, in GrowthBook's hashing "v2" form:
 * FNV-1a of the decimal FNV-1a of seed + value, modulo 10,000. Assignments made here can be
 * analysed in GrowthBook, and the published vectors (shared/vectors/hash.json) pin it down.
 */
export function bucket(seed: string, value: string): number {
  return (fnv1a32(String(fnv1a32(seed + value))) % 10_000) / 10_000;
}

export interface Variant {
  id: string;
  /** Relative share of the accounts that are not held out; weights need not sum to 1. */
  weight: number;
}

/** Where an account falls for one rule: held out (sees nothing, measured for lift) or a variant. */
export type Assignment = { group: 'holdout' } | { group: 'variant'; variant: string };

/**
 * Deterministic assignment by account id. Holdout membership and the variant come from two
 * independent hashes of the account under the seed: raising or lowering the holdout only moves
 * accounts into or out of it, never from one variant to another, and reweighting variants never
 * changes who is held out. The same seed and account land in the same group on every device.
 */
export function assign(seed: string, accountId: string, holdout: number, variants: readonly Variant[]): Assignment {
  // Hash only what is needed: a held-out account needs no variant, a single arm needs no split.
  // Buckets lie in [0, 1), so a holdout of 1 or more holds out everyone and one of 0 or less no one.
  if (holdout > 0 && bucket(`${seed}/holdout`, accountId) < holdout) return { group: 'holdout' };
  if (variants.length < 2) return variants[0] ? { group: 'variant', variant: variants[0].id } : { group: 'holdout' };
  // Plain loops, no callbacks: this runs once per rule per evaluation.
  let total = 0;
  for (const v of variants) total += Math.max(0, v.weight);
  const at = bucket(seed, accountId) * total;
  let edge = 0;
  for (const v of variants) {
    edge += Math.max(0, v.weight);
    if (at < edge) return { group: 'variant', variant: v.id };
  }
  return { group: 'variant', variant: variants[variants.length - 1]!.id };
}

/** Seed of the global holdout: accounts below the environment's holdout see no prompt at all. */
export const GLOBAL_SEED = 'upshift-global';

/** Whether the account is in the environment's global holdout (`percent` of accounts). */
export const inGlobalHoldout = (percent: number | undefined, accountId: string): boolean =>
  !!percent && bucket(`${GLOBAL_SEED}/holdout`, accountId) < percent / 100;

const ONE_ARM = [{ id: '', weight: 1 }];

/**
 * Where a rule's experiment puts the account, or null when the rule runs none (no holdout, no
 * variants): most rules, which then need no hashing at all. A single unnamed arm that keeps the
 * account answers the variant "".
 */
export function ruleAssignment(rule: { id: string; seed?: string | undefined; holdout?: number | undefined; variants?: readonly Variant[] | undefined }, accountId: string): Assignment | null {
  if (!rule.holdout && !rule.variants) return null;
  return assign(rule.seed ?? rule.id, accountId, (rule.holdout ?? 0) / 100, rule.variants ?? ONE_ARM);
}
