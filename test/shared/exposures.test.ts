import { describe, expect, it } from 'vitest';
import { exposuresOf } from '../../shared/engine/exposures';
import { ReasonCode, type Reason } from '../../shared/engine/types';
import { config, demoRule, LADDER } from './fixtures';

const cfg = config({ rules: [demoRule(), demoRule({ id: 'seats-toast', surface: 'toast' })] }, 7);
/** The codes the issue names as "passed judging": the rule reached the point where both arms are treated alike. */
const PASSED = new Set<string>(['shown', 'experiment.holdout', 'experiment.global_holdout', 'arbitration.outranked', 'budget.exhausted']);

describe('exposuresOf', () => {
  it.each(Object.values(ReasonCode))('%s: an exposure exactly when the rule passed judging', (code) => {
    const reason: Reason = { ruleId: LADDER, code, tier: 'p85', variant: 'b' };
    const got = exposuresOf(cfg, [reason]);
    if (!PASSED.has(code)) return expect(got).toEqual([]);
    const variant = code.startsWith('experiment.') ? 'holdout' : 'b';
    expect(got).toEqual([{ ruleId: LADDER, variant, tier: 'p85', surface: 'banner', trigger: 'usage', configVersion: 7 }]);
  });

  it('leaves out the variant of a single unnamed arm and the tier of a rule without tiers, and takes each rule’s surface', () => {
    const reasons: Reason[] = [
      { ruleId: LADDER, code: 'shown' },
      { ruleId: 'seats-toast', code: 'arbitration.outranked' },
    ];
    expect(exposuresOf(cfg, reasons)).toEqual([
      { ruleId: LADDER, surface: 'banner', trigger: 'usage', configVersion: 7 },
      { ruleId: 'seats-toast', surface: 'toast', trigger: 'usage', configVersion: 7 },
    ]);
  });

  it('skips a reason whose rule the config does not have', () => {
    expect(exposuresOf(cfg, [{ ruleId: 'gone', code: 'shown' }])).toEqual([]);
  });
});
