import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { ReasonCode, type Decision } from '../../shared/engine/types';
import type { Config } from '../../shared/schemas/config';
import type { Rule, Variant } from '../../shared/schemas/rule';
import type { Settings } from '../../shared/schemas/settings';
import { NOW, NO_STATE, cfg, ctx, eventRule, reasonFor, say, usageRule } from './fixtures';

const ACCOUNTS = Array.from({ length: 2_000 }, (_, i) => `acct_${i}`);
const exportsState = { rules: {}, counts: { report_exported: [NOW - 1_000, NOW - 2_000, NOW - 3_000, NOW - 4_000, NOW - 5_000] } };

/** An event rule that fires for everyone, with the given experiment fields. */
const experiment = (id: string, patch: Partial<Rule> = {}): Rule => eventRule(id, 'report_exported', 5, 7, patch);
const decide = (config: Config, accountId: string): Decision => evaluate(config, ctx({ accountId, usage: { api_calls: 9_700 } }), exportsState, NOW);
const share = (n: number) => n / ACCOUNTS.length;

const variants = (weights: Record<string, number>): Variant[] =>
  Object.entries(weights).map(([id, weight]) => ({ id, weight, content: { title: `Variant ${id}`, body: 'Body {{plan.name}}', cta: `Go ${id}` } }));

describe('variants by weight', () => {
  it.each([
    { weights: { a: 1, b: 1 }, expected: { a: 0.5, b: 0.5 } },
    { weights: { a: 1, b: 3 }, expected: { a: 0.25, b: 0.75 } },
    { weights: { a: 2, b: 1, c: 1 }, expected: { a: 0.5, b: 0.25, c: 0.25 } },
    { weights: { a: 1, b: 0 }, expected: { a: 1, b: 0 } },
    { weights: { only: 5 }, expected: { only: 1 } },
  ])('weights $weights split 2,000 accounts close to $expected, each shown its own copy', ({ weights, expected }) => {
    const config = cfg([experiment('exp', { variants: variants(weights) })]);
    const counts: Record<string, number> = {};
    for (const id of ACCOUNTS) {
      const decision = decide(config, id);
      const v = decision.prompt?.variant ?? 'none';
      counts[v] = (counts[v] ?? 0) + 1;
      expect(decision.prompt?.content.title).toBe(`Variant ${v}`);
      expect(reasonFor(decision, 'exp')).toMatchObject({ code: ReasonCode.shown, variant: v });
    }
    for (const [v, s] of Object.entries(expected)) expect(Math.abs(share(counts[v] ?? 0) - s)).toBeLessThan(0.04);
    expect(counts.none).toBeUndefined();
  });

  it('names no variant when the rule has none', () => {
    const decision = decide(cfg([experiment('plain')]), 'acct_1');

    expect(decision.prompt).not.toHaveProperty('variant');
    expect(reasonFor(decision, 'plain')).not.toHaveProperty('variant');
  });
});

describe('per-rule holdout', () => {
  it.each([
    { holdout: 0, expected: 0 },
    { holdout: 25, expected: 0.25 },
    { holdout: 50, expected: 0.5 },
    { holdout: 100, expected: 1 },
  ])('holdout $holdout% holds back about $expected of the accounts that qualify', ({ holdout, expected }) => {
    const config = cfg([experiment('exp', { holdout })]);
    let held = 0;
    for (const id of ACCOUNTS) {
      const decision = decide(config, id);
      const reason = reasonFor(decision, 'exp');
      if (reason.code === ReasonCode.holdout) {
        held++;
        expect(reason.params).toEqual({ percent: holdout });
        expect(decision.prompt).toBeNull();
      } else {
        expect(reason.code).toBe(ReasonCode.shown);
      }
    }
    expect(Math.abs(share(held) - expected)).toBeLessThan(0.04);
  });

  it('reports the tier a held-back ladder reached', () => {
    const decision = decide(cfg([usageRule('ladder', { holdout: 100 })]), 'acct_1');

    expect(decision.reasons).toEqual([{ ruleId: 'ladder', code: ReasonCode.holdout, tier: 'p95', params: { percent: 100 } }]);
    expect(say(decision.reasons[0])).toBe("the account is in this rule's 100% holdout");
  });

  it('holds back only accounts that qualify: one below the threshold says so instead', () => {
    const decision = evaluate(cfg([usageRule('ladder', { holdout: 100 })]), ctx({ usage: { api_calls: 100 } }), NO_STATE, NOW);

    expect(decision.reasons[0]?.code).toBe(ReasonCode.belowThreshold);
  });

  it('holds back a different set of accounts for each rule', () => {
    const config = cfg([experiment('exp-a', { holdout: 50, surface: 'inline', slot: 'a' }), experiment('exp-b', { holdout: 50, surface: 'inline', slot: 'b' })]);
    const both = ACCOUNTS.filter((id) => {
      const d = decide(config, id);
      return reasonFor(d, 'exp-a').code === ReasonCode.holdout && reasonFor(d, 'exp-b').code === ReasonCode.holdout;
    });

    expect(Math.abs(share(both.length) - 0.25)).toBeLessThan(0.04);
  });
});

describe('global holdout (settings.holdout): those accounts see no prompt at all', () => {
  const rules = [
    experiment('banner'),
    experiment('sidebar', { surface: 'inline', slot: 'sidebar', priority: 1 }),
    usageRule('paused', { status: 'paused' }),
  ];
  const withHoldout = (holdout: number, settings: Settings = {}) => cfg(rules, { settings: { ...settings, holdout } });

  it.each([
    { holdout: 0, expected: 0 },
    { holdout: 20, expected: 0.2 },
    { holdout: 100, expected: 1 },
  ])('holdout $holdout%: about $expected of accounts see nothing', ({ holdout, expected }) => {
    const config = withHoldout(holdout);
    let held = 0;
    for (const id of ACCOUNTS) {
      const decision = decide(config, id);
      if (reasonFor(decision, 'banner').code === ReasonCode.globalHoldout) {
        held++;
        expect(decision.prompt).toBeNull();
        expect(decision.placed).toEqual([]);
        expect(reasonFor(decision, 'sidebar')).toEqual({ ruleId: 'sidebar', code: ReasonCode.globalHoldout, params: { percent: holdout } });
        // A rule that fails on its own keeps its own reason.
        expect(reasonFor(decision, 'paused').code).toBe(ReasonCode.inactive);
      } else {
        expect(decision.prompt?.ruleId).toBe('banner');
        expect(decision.placed.map((p) => p.ruleId)).toEqual(['sidebar']);
      }
    }
    expect(Math.abs(share(held) - expected)).toBeLessThan(0.04);
  });

  it('holds out the same accounts whatever the rules are', () => {
    const heldUnder = (config: Config, rule: string) => ACCOUNTS.slice(0, 500).filter((id) => reasonFor(decide(config, id), rule).code === ReasonCode.globalHoldout);
    const other = cfg([usageRule('another-rule', { seed: 'another-seed' })], { settings: { holdout: 30 } });

    expect(heldUnder(withHoldout(30), 'banner')).toEqual(heldUnder(other, 'another-rule'));
  });

  it('explains it in words', () => {
    const decision = decide(withHoldout(100), 'acct_1');

    expect(say(reasonFor(decision, 'banner'))).toBe('the account is in the global 100% holdout, which sees no prompts');
  });
});

describe('assignment stability', () => {
  const accounts = ACCOUNTS.slice(0, 400);
  const base = [experiment('exp', { variants: variants({ a: 1, b: 1 }), holdout: 10 }), experiment('other', { variants: variants({ x: 1, y: 1 }), surface: 'inline', slot: 's' })];
  const assignment = (rules: Rule[], id = 'exp') => {
    const config = cfg(rules);
    return accounts.map((acct) => {
      const r = reasonFor(decide(config, acct), id);
      return r.code === ReasonCode.holdout ? 'holdout' : (r.variant ?? r.code);
    });
  };
  const before = assignment(base);

  it.each([
    { name: "editing the rule's copy", rules: [{ ...base[0]!, content: { title: 'New', body: 'New body', cta: 'New' } }, base[1]!] },
    { name: "editing a variant's copy", rules: [{ ...base[0]!, variants: base[0]!.variants!.map((v) => ({ ...v, content: { title: 'Other', body: 'b', cta: 'c' } })) }, base[1]!] },
    { name: "editing the rule's priority and name", rules: [{ ...base[0]!, priority: 900, name: 'Renamed' }, base[1]!] },
    { name: "changing another rule's weights", rules: [base[0]!, { ...base[1]!, variants: variants({ x: 9, y: 1 }) }] },
    { name: "changing another rule's seed", rules: [base[0]!, { ...base[1]!, seed: 'reshuffled' }] },
    { name: 'adding a rule', rules: [...base, experiment('third', { variants: variants({ p: 1, q: 1 }), surface: 'inline', slot: 't' })] },
    { name: 'listing the rules in another order', rules: [base[1]!, base[0]!] },
  ])('keeps every account where it was after $name', ({ rules }) => {
    expect(assignment(rules)).toEqual(before);
  });

  it('keeps accounts in place when the rule is renamed but keeps its seed', () => {
    const seeded = { ...base[0]!, seed: 'exp' };
    expect(assignment([{ ...seeded, id: 'exp-renamed' }, base[1]!], 'exp-renamed')).toEqual(before);
  });

  it('reshuffles when the seed changes', () => {
    const after = assignment([{ ...base[0]!, seed: 'exp-v2' }, base[1]!]);
    const moved = after.filter((a, i) => a !== before[i]).length;

    expect(moved / accounts.length).toBeGreaterThan(0.3);
  });

  it('is the same on every device: the same account, user or not, gets the same variant', () => {
    const config = cfg(base);
    for (const acct of accounts.slice(0, 50)) {
      const one = evaluate(config, ctx({ accountId: acct, userId: 'user-a', locale: 'de' }), exportsState, NOW);
      const two = evaluate(config, ctx({ accountId: acct, userId: 'user-b', locale: 'en' }), exportsState, NOW + 60_000);
      expect(reasonFor(two, 'exp').variant).toBe(reasonFor(one, 'exp').variant);
    }
  });
});

describe('variant copy and attribution', () => {
  const pick = (config: Config, variant: string) => {
    for (const id of ACCOUNTS) {
      const d = decide(config, id);
      if (d.prompt?.variant === variant) return d;
    }
    throw new Error(`no account lands in variant ${variant}`);
  };

  it.each([
    { variant: 'a', title: 'Variant a', cta: 'Go a' },
    { variant: 'plain', title: 'Try Pro', cta: 'Go' }, // no copy of its own: the rule's copy
  ])('variant $variant reads "$title"', ({ variant, title, cta }) => {
    const config = cfg([experiment('exp', { variants: [...variants({ a: 1 }), { id: 'plain', weight: 1 }] })]);
    const decision = pick(config, variant);

    expect(decision.prompt?.content).toMatchObject({ title, cta });
    expect(decision.prompt?.variant).toBe(variant);
  });

  const ladder = usageRule('ladder', {
    variants: [
      { id: 'bold', weight: 1, tiers: { p95: { title: 'Bold {{percent}}%', body: 'Bold body', cta: 'Bold', locales: { de: { title: 'Kühn {{percent}} %', body: 'Kühn', cta: 'Los' } } } } },
      { id: 'control', weight: 1 },
    ],
  });

  it.each([
    { variant: 'bold', usage: 9_700, locale: 'en', title: 'Bold 97%' },
    { variant: 'bold', usage: 9_700, locale: 'de', title: 'Kühn 97\u00a0%' }, // the copy's own " %" is not doubled
    { variant: 'bold', usage: 8_600, locale: 'en', title: 'tier p85 at 86%' }, // no copy for p85 in this variant: the tier's own
    { variant: 'control', usage: 9_700, locale: 'en', title: 'tier p95 at 97%' },
  ])('ladder variant $variant at $usage ($locale) reads "$title"', ({ variant, usage, locale, title }) => {
    const config = cfg([ladder]);
    const acct = ACCOUNTS.find((id) => decide(config, id).prompt?.variant === variant)!;
    const decision = evaluate(config, ctx({ accountId: acct, locale, usage: { api_calls: usage } }), NO_STATE, NOW);

    expect(decision.prompt).toMatchObject({ variant, content: { title } });
  });

  it.each([
    { name: 'a ladder tier in a variant', rule: ladder, params: { upshift_rule: 'ladder', upshift_tier: 'p95' }, variant: true },
    { name: 'a rule without tiers in a variant', rule: experiment('exp', { variants: variants({ a: 1, b: 1 }) }), params: { upshift_rule: 'exp' }, variant: true },
    { name: 'a rule without variants', rule: experiment('exp'), params: { upshift_rule: 'exp' }, variant: false },
  ])('links $name with its attribution parameters', ({ rule, params, variant }) => {
    const decision = decide(cfg([rule]), 'acct_7');
    const url = new URL(decision.prompt?.offer.href ?? '', 'https://host.test');
    const expected = { plan: 'pro', ...params, ...(variant && { upshift_variant: decision.prompt?.variant }) };

    expect(url.pathname).toBe('/billing');
    expect(Object.fromEntries(url.searchParams)).toEqual(expected);
    expect(decision.prompt?.variant !== undefined).toBe(variant);
  });
});
