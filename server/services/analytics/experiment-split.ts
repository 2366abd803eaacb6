import { HOLDOUT } from '../../../shared/schemas/analytics';

/** What bucketing needs to know of a rule (shared/engine/bucket.ts `ruleAssignment`). */
export interface SplitRule {
  /** Percent of the rule's accounts held out (0–100). */
  holdout?: number | undefined;
  variants?: readonly { id: string; weight: number }[] | undefined;
}

/**
 * The share of a rule's exposed accounts each arm should get under the live config, mirroring
 * shared/engine/bucket.ts: the global holdout (g) is hashed first and independently of the rule's
 * holdout (h), which is independent of the variant hash; so P(holdout) = g + (1−g)·h and
 * P(variant i) = (1−g)(1−h)·wᵢ/Σw with negative weights counted as 0. A single variant (or none,
 * the unnamed arm "") takes the whole non-held-out share whatever its weight, as `assign` does.
 * `globalHoldout` is the environment's percent.
 */
export function expectedSplit(rule: SplitRule, globalHoldout: number | undefined): Map<string, number> {
  const g = clamp01((globalHoldout ?? 0) / 100);
  const h = clamp01((rule.holdout ?? 0) / 100);
  const held = g + (1 - g) * h;
  const split = new Map<string, number>();
  if (held > 0) split.set(HOLDOUT, held);
  const variants = rule.variants ?? [];
  if (variants.length < 2) {
    split.set(variants[0]?.id ?? '', 1 - held);
    return split;
  }
  let total = 0;
  for (const v of variants) total += Math.max(0, v.weight);
  for (const v of variants) split.set(v.id, total > 0 ? ((1 - held) * Math.max(0, v.weight)) / total : 0);
  return split;
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
