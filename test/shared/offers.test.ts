import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { ReasonCode } from '../../shared/engine/types';
import type { Catalog } from '../../shared/schemas/catalog';
import type { Offer } from '../../shared/schemas/rule';
import type { State } from '../../shared/schemas/state';
import { NOW, cfg, ctx, eventRule, richCatalog, say, usageRule, type Ctx } from './fixtures';

const fires: State = { rules: {}, counts: { report_exported: [NOW - 1_000] } };
/** An event rule that fires now, offering `offer`. */
const decide = (offer: Offer, o: Ctx = {}, catalog?: Catalog) =>
  evaluate(cfg([eventRule('r', 'report_exported', 1, 7, { offer })], catalog ? { catalog } : {}), ctx(o), fires, NOW);
const query = (href: string | undefined) => Object.fromEntries(new URL(href ?? '', 'https://host.test').searchParams);

describe('upgrade to a named plan', () => {
  it.each([
    { plan: 'pro', o: {}, offer: { type: 'upgrade', id: 'pro', name: 'Pro', plan: { id: 'pro', name: 'Pro' }, href: '/billing?plan=pro&upshift_rule=r' } },
    { plan: 'business', o: {}, offer: { type: 'upgrade', id: 'business', name: 'Business', plan: { id: 'business', name: 'Business' }, href: 'https://shop.test/checkout/business?upshift_rule=r' } },
    { plan: 'business', o: { plan: 'pro' }, offer: { type: 'upgrade', id: 'business', name: 'Business', plan: { id: 'business', name: 'Business' }, href: 'https://shop.test/checkout/business?upshift_rule=r' } },
  ])('offers $plan to a $o account', ({ plan, o, offer }) => {
    const decision = decide({ type: 'upgrade', plan }, o);

    expect(decision.prompt?.offer).toEqual(offer);
    expect(decision.prompt?.content.title).toBe(`Try ${offer.name}`);
  });

  it.each([
    { name: 'a plan missing from the catalog', offer: { type: 'upgrade', plan: 'enterprise' } as Offer, o: {}, code: ReasonCode.unknownOfferPlan, params: { plan: 'enterprise' } },
    { name: 'the plan the account is on', offer: { type: 'upgrade', plan: 'starter' } as Offer, o: {}, code: ReasonCode.alreadyOnPlan, params: { plan: 'starter' } },
    { name: 'an add-on named as a plan', offer: { type: 'upgrade', plan: 'audit' } as Offer, o: {}, code: ReasonCode.unknownOfferPlan, params: { plan: 'audit' } },
  ])('refuses $name', ({ offer, o, code, params }) => {
    const decision = decide(offer, o);

    expect(decision.prompt).toBeNull();
    expect(decision.reasons).toEqual([{ ruleId: 'r', code, params }]);
  });
});

describe('the next step, by plan and segment', () => {
  it.each([
    { name: 'Starter with 500 employees: the Business segment', o: { traits: { employees: 500 } }, type: 'upgrade', id: 'business' },
    { name: 'Starter with exactly 200 employees: the Business segment', o: { traits: { employees: 200 } }, type: 'upgrade', id: 'business' },
    { name: 'Starter with 50 employees: the fallback, Pro', o: { traits: { employees: 50 } }, type: 'upgrade', id: 'pro' },
    { name: 'Starter with no employee count: the fallback, Pro', o: {}, type: 'upgrade', id: 'pro' },
    { name: 'Pro: Business', o: { plan: 'pro' }, type: 'upgrade', id: 'business' },
    { name: 'Business: the audit add-on', o: { plan: 'business' }, type: 'addon', id: 'audit' },
  ])('$name', ({ o, type, id }) => {
    const decision = decide({ type: 'upgrade', plan: 'next' }, o);

    expect(decision.prompt?.offer).toMatchObject({ type, id });
  });

  it('a next step that is an add-on links to its checkout, keeping its fragment last', () => {
    const decision = decide({ type: 'upgrade', plan: 'next' }, { plan: 'business' });

    expect(decision.prompt?.offer).toEqual({ type: 'addon', id: 'audit', name: 'Audit add-on', href: '/billing/audit?upshift_rule=r#buy' });
  });

  it('takes the first matching segment, in catalog order', () => {
    const catalog = richCatalog();
    catalog.nextSteps = [
      { from: 'starter', to: 'business', segment: { attr: 'account.traits.employees', op: 'gte', value: 200 } },
      { from: 'starter', to: 'pro', segment: { attr: 'account.traits.employees', op: 'gte', value: 100 } },
      { from: 'starter', to: 'seat_pack' },
    ];

    expect(decide({ type: 'upgrade', plan: 'next' }, { traits: { employees: 500 } }, catalog).prompt?.offer.id).toBe('business');
    expect(decide({ type: 'upgrade', plan: 'next' }, { traits: { employees: 150 } }, catalog).prompt?.offer.id).toBe('pro');
    expect(decide({ type: 'upgrade', plan: 'next' }, { traits: { employees: 10 } }, catalog).prompt?.offer).toMatchObject({ type: 'addon', id: 'seat_pack' });
  });

  it.each([
    { name: 'the plan is not in the catalog', o: { plan: 'enterprise' }, catalog: undefined, params: { plan: 'enterprise' } },
    {
      name: 'only segmented steps, none matching',
      o: { traits: { employees: 10 } },
      catalog: (() => {
        const c = richCatalog();
        c.nextSteps = c.nextSteps.filter((s) => s.from !== 'starter' || s.segment);
        return c;
      })(),
      params: { plan: 'starter' },
    },
  ])('says there is no next step when $name', ({ o, catalog, params }) => {
    const decision = decide({ type: 'upgrade', plan: 'next' }, o, catalog);

    expect(decision.reasons).toEqual([{ ruleId: 'r', code: ReasonCode.noNextStep, params }]);
    expect(say(decision.reasons[0])).toBe(`plan "${params.plan}" has no next step in the catalog for this account`);
  });
});

describe('add-ons, seat packs, trials and sales', () => {
  it.each([
    { name: 'an add-on', offer: { type: 'addon', addon: 'audit' }, expected: { type: 'addon', id: 'audit', name: 'Audit add-on', href: '/billing/audit?upshift_rule=r#buy' } },
    { name: 'a seat pack', offer: { type: 'seats', addon: 'seat_pack' }, expected: { type: 'seats', id: 'seat_pack', name: '5-seat pack', href: '/billing/seats?upshift_rule=r' } },
    {
      name: 'a 14-day trial of a Pro feature',
      offer: { type: 'trial', feature: 'scheduled_reports', days: 14 },
      expected: { type: 'trial', id: 'scheduled_reports', name: 'Scheduled reports', plan: { id: 'pro', name: 'Pro' }, days: 14 },
    },
    {
      name: 'a trial of a feature the next step lacks: the first plan that has it',
      offer: { type: 'trial', feature: 'sso', days: 7 },
      expected: { type: 'trial', id: 'sso', name: 'Single sign-on', plan: { id: 'business', name: 'Business' }, days: 7 },
    },
    { name: 'a trial of a feature only an add-on has', offer: { type: 'trial', feature: 'audit_log', days: 30 }, expected: { type: 'trial', id: 'audit_log', name: 'Audit log', days: 30 } },
    { name: 'contact sales', offer: { type: 'contact_sales' }, expected: { type: 'contact_sales', href: 'https://sales.test/contact?src=app&upshift_rule=r' } },
  ] as { name: string; offer: Offer; expected: object }[])('$name', ({ offer, expected }) => {
    const decision = decide(offer);

    expect(decision.prompt?.offer).toEqual(expected);
  });

  it('a trial names the feature on the prompt, for the explanation panel', () => {
    const decision = decide({ type: 'trial', feature: 'scheduled_reports', days: 14 });

    expect(decision.prompt?.feature).toEqual({ id: 'scheduled_reports', name: 'Scheduled reports', description: 'Email any dashboard as a PDF every morning.' });
  });

  it('a trial of a feature the segment next step includes offers that plan', () => {
    const decision = decide({ type: 'trial', feature: 'sso', days: 14 }, { traits: { employees: 900 } });

    expect(decision.prompt?.offer.plan).toEqual({ id: 'business', name: 'Business' });
  });

  it('contact sales without a sales link offers no link', () => {
    const catalog = richCatalog();
    delete catalog.salesUrl;

    expect(decide({ type: 'contact_sales' }, {}, catalog).prompt?.offer).toEqual({ type: 'contact_sales' });
  });

  it.each([
    { name: 'an unknown add-on', offer: { type: 'addon', addon: 'gold' } as Offer, code: ReasonCode.unknownOfferAddon, params: { addon: 'gold' } },
    { name: 'an unknown seat pack', offer: { type: 'seats', addon: 'pro' } as Offer, code: ReasonCode.unknownOfferAddon, params: { addon: 'pro' } },
    { name: 'a trial of an unknown feature', offer: { type: 'trial', feature: 'teleport', days: 14 } as Offer, code: ReasonCode.unknownOfferFeature, params: { feature: 'teleport' } },
  ])('refuses $name', ({ offer, code, params }) => {
    expect(decide(offer).reasons).toEqual([{ ruleId: 'r', code, params }]);
  });
});

describe('attribution parameters on the offer link', () => {
  it.each([
    { name: 'a ladder tier', rule: usageRule('ladder'), o: { usage: { api_calls: 9_000 } }, params: { plan: 'pro', upshift_rule: 'ladder', upshift_tier: 'p85' } },
    { name: 'a rule without tiers', rule: eventRule('ev', 'report_exported', 1, 7), o: {}, params: { plan: 'pro', upshift_rule: 'ev' } },
    {
      name: 'a rule with one variant',
      rule: eventRule('ev', 'report_exported', 1, 7, { variants: [{ id: 'only', weight: 1 }] }),
      o: {},
      params: { plan: 'pro', upshift_rule: 'ev', upshift_variant: 'only' },
    },
    {
      name: 'a ladder with one variant',
      rule: usageRule('ladder', { variants: [{ id: 'v1', weight: 1 }] }),
      o: { usage: { api_calls: 9_700 } },
      params: { plan: 'pro', upshift_rule: 'ladder', upshift_variant: 'v1', upshift_tier: 'p95' },
    },
  ])('$name', ({ rule, o, params }) => {
    const decision = evaluate(cfg([rule]), ctx(o), fires, NOW);

    expect(query(decision.prompt?.offer.href)).toEqual(params);
  });

  it('a trial has no link: the widget starts it in one click', () => {
    expect(decide({ type: 'trial', feature: 'scheduled_reports', days: 14 }).prompt?.offer).not.toHaveProperty('href');
  });
});
