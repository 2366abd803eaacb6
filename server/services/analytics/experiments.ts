import { HOLDOUT, TriggerType, type Arm, type Comparison, type Experiment, type ExperimentsAnswer, type IntervalMode } from '../../../shared/schemas/analytics';
import { checkSrm, proportion, sampleMean, sequentialTwoSidedTTest, twoSidedTTest, type Sample, type TestResult } from '../../../shared/stats';
import type { CohortRow } from '../../store/exposure-types';
import { expectedSplit, type SplitRule } from './experiment-split';
import { armName, pp, variantSentence } from './experiment-verdict';

/** GrowthBook's default minimum: fewer conversions than this in the two arms compared is "low data". */
export const MIN_CONVERSIONS = 150;
/** A sample-ratio mismatch below this chi-square p-value is flagged, as GrowthBook does. */
export const SRM_P_VALUE = 0.001;
/** The default smallest useful lift in conversion rate: +1 percentage point. */
export const DEFAULT_MIN_USEFUL_LIFT = 0.01;

export interface ExperimentSettings {
  mode: IntervalMode;
  /** gbstats' sequential tuning parameter (exposed accounts, both arms). */
  tuning: number;
  minUsefulLift: number;
}

/** The live config's view of the experiments: the global holdout percent and each rule's split. */
export interface LiveSplits {
  globalHoldout: number | undefined;
  rules: ReadonlyMap<string, SplitRule>;
}

type Answer = Omit<ExperimentsAnswer, 'from' | 'to'>;

/**
 * Each rule's experiment from its exposure cohorts: every arm against the holdout on conversion
 * rate (a proportion) and expansion MRR per exposed account (a sample mean), as gbstats'
 * frequentist engine computes them, with SRM against the live split, warnings, a verdict and
 * whether the rule is a prune candidate. Rules that run no experiment (one unnamed arm, no
 * holdout configured anywhere) are left out.
 */
export function analyseExperiments(rows: readonly CohortRow[], live: LiveSplits, settings: ExperimentSettings): Answer {
  const byRule = new Map<string, CohortRow[]>();
  for (const row of rows) byRule.set(row.ruleId, [...(byRule.get(row.ruleId) ?? []), row]);
  const all = new Set(rows.flatMap((r) => r.currencies));
  const currency = all.size === 1 ? [...all][0]! : null;
  const experiments: Experiment[] = [];
  for (const [ruleId, arms] of [...byRule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const rule = live.rules.get(ruleId);
    const runs = arms.some((a) => a.variant !== '') || !!rule?.holdout || !!rule?.variants || !!live.globalHoldout;
    if (runs) experiments.push(experiment(ruleId, arms, rule, live.globalHoldout, settings));
  }
  const prune = new Map<string | null, string[]>();
  for (const e of experiments) if (e.prune) prune.set(e.trigger, [...(prune.get(e.trigger) ?? []), e.ruleId]);
  const order = (t: string | null) => (t === null ? Infinity : TriggerType.options.indexOf(t as TriggerType));
  const pruneByTrigger = [...prune].sort(([a], [b]) => order(a) - order(b)).map(([trigger, ids]) => ({ trigger: trigger as TriggerType | null, rules: ids }));
  return { mode: settings.mode, currency, experiments, pruneByTrigger };
}

function experiment(ruleId: string, rows: CohortRow[], rule: SplitRule | undefined, globalHoldout: number | undefined, s: ExperimentSettings): Experiment {
  const arms = orderArms(rows.map(toArm), rule);
  const holdout = arms.find((a) => a.variant === HOLDOUT && a.accounts > 0);
  const variants = arms.filter((a) => a.variant !== HOLDOUT);
  const currencies = new Set(rows.flatMap((r) => r.currencies));
  const srm = rule && arms.length > 1 ? srmOf(arms, expectedSplit(rule, globalHoldout)) : null;
  const mismatch = !!srm && srm.pValue < SRM_P_VALUE;
  const squares = new Map(rows.map((r) => [r.variant, r.mrrSumSquares]));
  const result = holdout ? againstHoldout(holdout, variants, squares, currencies.size === 1 ? [...currencies][0]! : null, s) : null;

  const warnings: Experiment['warnings'] = [];
  if (mismatch) warnings.push({ code: 'srm', message: `Sample ratio mismatch: the accounts per arm are unlikely under the configured split (p = ${srm.pValue.toPrecision(2)}); check how exposures are recorded before trusting the lift` });
  if (!holdout) warnings.push({ code: 'no_holdout', message: 'No account was held out of this rule in the range: give the rule a holdout (or set a global holdout) to measure its lift' });
  if (result?.lowData.length) warnings.push({ code: 'low_data', message: `Fewer than ${MIN_CONVERSIONS} conversions in the arms compared (${result.lowData.join('; ')}): the intervals are not reliable yet` });
  if (currencies.size > 1) warnings.push({ code: 'mixed_currency', message: `Conversions in ${[...currencies].sort().join(', ')} are summed as they are: MRR figures mix currencies` });

  let verdict = !result ? 'No holdout to compare against yet' : variants.length ? result.sentences.join('. ') : 'Only held-out accounts were exposed in the range: nothing to compare yet';
  if (mismatch) verdict = `Sample ratio mismatch, so the lift may be biased. ${verdict}`;
  // A prune candidate needs a trustworthy comparison for every arm, each with too little upside.
  const prune = !!result && variants.length > 0 && !mismatch && result.lowData.length === 0 && result.allBelowUseful;
  const trigger = TriggerType.safeParse(rows.find((r) => r.trigger !== null)?.trigger);
  return { ruleId, trigger: trigger.success ? trigger.data : null, arms, comparisons: result?.comparisons ?? [], srm, warnings, verdict: `${verdict}.`, prune };
}

/** Every arm against the holdout: the comparisons, one sentence per arm, the arms short of data, and whether every upper bound is below the useful lift. */
function againstHoldout(holdout: Arm, variants: Arm[], squares: Map<string, number>, currency: string | null, s: ExperimentSettings) {
  const comparisons: Comparison[] = [];
  const sentences: string[] = [];
  const lowData: string[] = [];
  let allBelowUseful = true;
  const control = { conversion: proportion(holdout.accounts, holdout.converted), mrr: sampleMean(holdout.accounts, holdout.expansionMrr, squares.get(HOLDOUT) ?? 0) };
  for (const arm of variants) {
    const conv = compare(arm.variant, 'conversion', control.conversion, proportion(arm.accounts, arm.converted), s);
    const mrr = compare(arm.variant, 'mrr', control.mrr, sampleMean(arm.accounts, arm.expansionMrr, squares.get(arm.variant) ?? 0), s);
    comparisons.push(conv, mrr);
    const conversions = holdout.converted + arm.converted;
    if (conversions < MIN_CONVERSIONS) {
      lowData.push(`${armName(arm.variant)} and holdout have ${conversions}`);
      sentences.push(`${armName(arm.variant)}: not enough data yet (${conversions} of ${MIN_CONVERSIONS} conversions; so far ${pp(conv.absolute.estimate)} in conversion)`);
    } else {
      sentences.push(variantSentence(conv, mrr, currency));
    }
    if (conv.absolute.high === null || conv.absolute.high >= s.minUsefulLift) allBelowUseful = false;
  }
  return { comparisons, sentences, lowData, allBelowUseful };
}

function toArm(r: CohortRow): Arm {
  return {
    variant: r.variant,
    accounts: r.accounts,
    converted: r.converted,
    conversionRate: r.accounts ? r.converted / r.accounts : null,
    expansionMrr: r.expansionMrr,
    mrrPerAccount: r.accounts ? r.expansionMrr / r.accounts : null,
  };
}

// Holdout first, then the variants in the config's order, then any arm the config no longer has.
function orderArms(arms: Arm[], rule: SplitRule | undefined): Arm[] {
  const ids = rule?.variants?.map((v) => v.id) ?? [];
  const rank = (v: string) => (v === HOLDOUT ? -1 : ids.includes(v) ? ids.indexOf(v) : ids.length);
  return arms.sort((a, b) => rank(a.variant) - rank(b.variant) || (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0));
}

// Observed arms the live split no longer has get weight 0: left out of the statistic, as gbstats
// does. `expected` is the live split alone: such an arm has no expected share, rather than 0 %.
function srmOf(arms: Arm[], split: Map<string, number>): NonNullable<Experiment['srm']> {
  const names = [...new Set([...split.keys(), ...arms.map((a) => a.variant)])];
  const users = names.map((n) => arms.find((a) => a.variant === n)?.accounts ?? 0);
  const weights = names.map((n) => split.get(n) ?? 0);
  return { pValue: Math.min(1, Math.max(0, checkSrm(users, weights))), expected: Object.fromEntries(split) };
}

const bound = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * One metric of one arm against the holdout. `pValue` and `significant` are the absolute
 * difference's. When gbstats would refuse (an arm with no variation, or a holdout mean of 0) the
 * estimates are the plain observed differences (relative 0 without a baseline) with open bounds and no p-value.
 */
function compare(variant: string, metric: Comparison['metric'], holdout: Sample, arm: Sample, s: ExperimentSettings): Comparison {
  const run = (relative: boolean): TestResult => (s.mode === 'fixed' ? twoSidedTTest(holdout, arm, { relative }) : sequentialTwoSidedTTest(holdout, arm, { relative, tuning: s.tuning }));
  const abs = run(false);
  const rel = run(true);
  if (abs.error) {
    const diff = arm.mean - holdout.mean;
    return { variant, metric, absolute: { estimate: diff, low: null, high: null }, relative: { estimate: holdout.mean ? diff / Math.abs(holdout.mean) : 0, low: null, high: null }, pValue: null, significant: false };
  }
  return {
    variant,
    metric,
    absolute: { estimate: abs.estimate, low: bound(abs.low), high: bound(abs.high) },
    relative: rel.error ? { estimate: 0, low: null, high: null } : { estimate: rel.estimate, low: bound(rel.low), high: bound(rel.high) },
    pValue: Math.min(1, Math.max(0, abs.pValue)),
    significant: abs.low > 0 || abs.high < 0,
  };
}
