import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { ReasonCode } from '../../shared/engine/types';
import type { Condition, Leaf } from '../../shared/schemas/condition';
import type { State } from '../../shared/schemas/state';
import { DAY, NOW, cfg, ctx, milestoneRule, say } from './fixtures';

const CREATED = new Date(NOW - 120 * DAY).toISOString();

/** One well-known person: an admin on a 120-day-old Starter account with a seat pack. */
const person = ctx({
  userId: 'user-42',
  role: 'admin',
  locale: 'de-CH',
  userTraits: { title: 'Head of Data', appVersion: '2.4.1', beta: true },
  traits: { employees: 180, industry: 'fintech', tags: 'eu,priority', signedUpAt: '2025-06-01', funding: null },
  usage: { api_calls: 8_500, seats: 4 },
  addons: ['seat_pack'],
  health: 72,
  createdAt: CREATED,
});

const state: State = {
  rules: {},
  forecast: {
    api_calls: { perDay: 70, days: 21, low: 19, high: 24, confident: true, weeks: 3 },
    seats: { perDay: 0.1, days: 10, low: 2, high: null, confident: false, weeks: 1 },
  },
  trials: {
    scheduled_reports: { startedAt: NOW - 3 * DAY, endsAt: NOW + 11 * DAY },
    audit: { startedAt: NOW - 40 * DAY, endsAt: NOW - 26 * DAY },
  },
  readiness: 64,
};

/** A rule whose trigger always fires (account age 120 >= 0), so only the audience decides. */
const decide = (audience: Condition) => evaluate(cfg([milestoneRule('aud', 'account.ageDays', 0, { audience })]), person, state, NOW).reasons[0];

/** The params an `audience.miss` carries for a failed leaf. */
const missOf = (leaf: Leaf, actual: string | number | boolean | null) => ({
  attr: leaf.attr,
  op: leaf.op,
  value: leaf.value === undefined ? null : JSON.stringify(leaf.value),
  actual,
});

type Row = [string, Leaf, string | number | boolean | null | 'holds'];

describe('every operator through evaluate, on its passing and failing side', () => {
  it.each<Row>([
    ['eq', { attr: 'account.plan', op: 'eq', value: 'starter' }, 'holds'],
    ['eq, other value', { attr: 'account.plan', op: 'eq', value: 'pro' }, 'starter'],
    ['eq on a number', { attr: 'account.traits.employees', op: 'eq', value: 180 }, 'holds'],
    ['eq does not coerce "180"', { attr: 'account.traits.employees', op: 'eq', value: '180' }, 180],
    ['eq null matches a null trait', { attr: 'account.traits.funding', op: 'eq', value: null }, 'holds'],
    ['neq', { attr: 'user.role', op: 'neq', value: 'member' }, 'holds'],
    ['neq, equal', { attr: 'user.role', op: 'neq', value: 'admin' }, 'admin'],
    ['in', { attr: 'account.traits.industry', op: 'in', value: ['fintech', 'health'] }, 'holds'],
    ['in, not listed', { attr: 'account.traits.industry', op: 'in', value: ['retail'] }, 'fintech'],
    ['nin', { attr: 'account.plan', op: 'nin', value: ['pro', 'business'] }, 'holds'],
    ['nin, listed', { attr: 'account.plan', op: 'nin', value: ['starter'] }, 'starter'],
    ['gt', { attr: 'usage.api_calls', op: 'gt', value: 8_000 }, 'holds'],
    ['gt, equal', { attr: 'usage.api_calls', op: 'gt', value: 8_500 }, 8_500],
    ['gte, equal', { attr: 'usage.api_calls', op: 'gte', value: 8_500 }, 'holds'],
    ['gte, below', { attr: 'account.health', op: 'gte', value: 80 }, 72],
    ['lt', { attr: 'account.health', op: 'lt', value: 80 }, 'holds'],
    ['lt, equal', { attr: 'usage.seats', op: 'lt', value: 4 }, 4],
    ['lte, equal', { attr: 'usage.seats', op: 'lte', value: 4 }, 'holds'],
    ['lte, above', { attr: 'readiness', op: 'lte', value: 50 }, 64],
    ['gt on text never holds', { attr: 'account.traits.industry', op: 'gt', value: 1 }, 'fintech'],
    ['exists', { attr: 'account.health', op: 'exists' }, 'holds'],
    ['exists, absent', { attr: 'account.traits.missing', op: 'exists' }, null],
    ['exists false, absent', { attr: 'account.traits.missing', op: 'exists', value: false }, 'holds'],
    ['exists false, present', { attr: 'user.locale', op: 'exists', value: false }, 'de-CH'],
    ['contains', { attr: 'account.traits.tags', op: 'contains', value: 'priority' }, 'holds'],
    ['contains is case-sensitive', { attr: 'account.traits.tags', op: 'contains', value: 'PRIORITY' }, 'eu,priority'],
    ['startsWith', { attr: 'user.locale', op: 'startsWith', value: 'de' }, 'holds'],
    ['startsWith, other', { attr: 'user.locale', op: 'startsWith', value: 'fr' }, 'de-CH'],
    ['matches', { attr: 'user.traits.title', op: 'matches', value: '^(Head|VP|Director) of' }, 'holds'],
    ['matches, no match', { attr: 'user.traits.title', op: 'matches', value: '^CEO$' }, 'Head of Data'],
    ['semverEq with a v prefix', { attr: 'user.traits.appVersion', op: 'semverEq', value: 'v2.4.1' }, 'holds'],
    ['semverEq, other', { attr: 'user.traits.appVersion', op: 'semverEq', value: '2.4.0' }, '2.4.1'],
    ['semverGt', { attr: 'user.traits.appVersion', op: 'semverGt', value: '2.4.0' }, 'holds'],
    ['semverGt, equal', { attr: 'user.traits.appVersion', op: 'semverGt', value: '2.4.1' }, '2.4.1'],
    ['semverGte, equal', { attr: 'user.traits.appVersion', op: 'semverGte', value: '2.4.1' }, 'holds'],
    ['semverGte, 2.10 is newer than 2.4', { attr: 'user.traits.appVersion', op: 'semverGte', value: '2.10.0' }, '2.4.1'],
    ['semverLt', { attr: 'user.traits.appVersion', op: 'semverLt', value: '3' }, 'holds'],
    ['semverLt, equal', { attr: 'user.traits.appVersion', op: 'semverLt', value: '2.4.1' }, '2.4.1'],
    ['semverLte, equal', { attr: 'user.traits.appVersion', op: 'semverLte', value: '2.4.1' }, 'holds'],
    ['semverLte, older', { attr: 'user.traits.appVersion', op: 'semverLte', value: '2.4.0' }, '2.4.1'],
    ['before -90d (created 120 days ago)', { attr: 'account.createdAt', op: 'before', value: '-90d' }, 'holds'],
    ['before -180d', { attr: 'account.createdAt', op: 'before', value: '-180d' }, CREATED],
    ['after -180d', { attr: 'account.createdAt', op: 'after', value: '-180d' }, 'holds'],
    ['after -90d', { attr: 'account.createdAt', op: 'after', value: '-90d' }, CREATED],
    ['after an ISO date', { attr: 'account.traits.signedUpAt', op: 'after', value: '2025-01-01' }, 'holds'],
    ['before an ISO date', { attr: 'account.traits.signedUpAt', op: 'before', value: '2025-01-01' }, '2025-06-01'],
    ['before +2w (relative, in the future)', { attr: 'account.createdAt', op: 'before', value: '+2w' }, 'holds'],
  ])('%s', (_name, leaf, outcome) => {
    const reason = decide(leaf);

    if (outcome === 'holds') {
      expect(reason?.code).toBe(ReasonCode.shown);
    } else {
      expect(reason).toEqual({ ruleId: 'aud', code: ReasonCode.audience, params: missOf(leaf, outcome) });
    }
  });
});

describe('every attribute family', () => {
  it.each<Row>([
    ['user.id', { attr: 'user.id', op: 'eq', value: 'user-42' }, 'holds'],
    ['user.id, other', { attr: 'user.id', op: 'eq', value: 'user-1' }, 'user-42'],
    ['user.traits', { attr: 'user.traits.beta', op: 'eq', value: true }, 'holds'],
    ['user.traits, false', { attr: 'user.traits.beta', op: 'eq', value: false }, true],
    ['account.id', { attr: 'account.id', op: 'eq', value: 'acct-1' }, 'holds'],
    ['account.traits', { attr: 'account.traits.employees', op: 'gte', value: 100 }, 'holds'],
    ['account.traits, too few', { attr: 'account.traits.employees', op: 'gte', value: 200 }, 180],
    ['account.ageDays', { attr: 'account.ageDays', op: 'gte', value: 120 }, 'holds'],
    ['account.ageDays, too young', { attr: 'account.ageDays', op: 'gte', value: 121 }, 120],
    ['account.periodStart, absent', { attr: 'account.periodStart', op: 'exists' }, null],
    ['usage.*', { attr: 'usage.seats', op: 'eq', value: 4 }, 'holds'],
    ['usage.*, no reading', { attr: 'usage.projects', op: 'exists' }, null],
    ['limits.* adds the seat pack to the plan (5 + 5)', { attr: 'limits.seats', op: 'eq', value: 10 }, 'holds'],
    ['limits.*, not the bare plan limit', { attr: 'limits.seats', op: 'eq', value: 5 }, 10],
    ['limits.* from the plan', { attr: 'limits.api_calls', op: 'eq', value: 10_000 }, 'holds'],
    ['ratio.* in percent', { attr: 'ratio.api_calls', op: 'eq', value: 85 }, 'holds'],
    ['ratio.* against the effective limit (4 of 10)', { attr: 'ratio.seats', op: 'gte', value: 50 }, 40],
    ['forecast.<metric>.days', { attr: 'forecast.api_calls.days', op: 'lte', value: 30 }, 'holds'],
    ['forecast.<metric>.days, too far', { attr: 'forecast.api_calls.days', op: 'lt', value: 14 }, 21],
    ['forecast.<metric>.days, not confident reads as absent', { attr: 'forecast.seats.days', op: 'exists' }, null],
    ['trial.<id> running', { attr: 'trial.scheduled_reports', op: 'eq', value: 'active' }, 'holds'],
    ['trial.<id> ended', { attr: 'trial.audit', op: 'eq', value: 'ended' }, 'holds'],
    ['trial.<id> never started', { attr: 'trial.sso', op: 'eq', value: 'none' }, 'holds'],
    ['trial.<id>, not running', { attr: 'trial.audit', op: 'eq', value: 'active' }, 'ended'],
    ['readiness', { attr: 'readiness', op: 'gte', value: 50 }, 'holds'],
    ['readiness, not ready enough', { attr: 'readiness', op: 'gte', value: 75 }, 64],
    ['an attribute no family knows', { attr: 'session.referrer', op: 'exists' }, null],
    ['an inherited name reads nothing', { attr: 'account.traits.constructor', op: 'exists' }, null],
  ])('%s', (_name, leaf, outcome) => {
    const reason = decide(leaf);

    if (outcome === 'holds') expect(reason?.code).toBe(ReasonCode.shown);
    else expect(reason).toEqual({ ruleId: 'aud', code: ReasonCode.audience, params: missOf(leaf, outcome) });
  });

  it.each([
    { limits: { seats: 8 }, value: 8 },
    { limits: { api_calls: 1 }, value: 10 },
  ])('a contract limit in the context replaces the plan and add-ons: limits.seats is $value', ({ limits, value }) => {
    const context = { ...person, limits };
    const reason = evaluate(cfg([milestoneRule('aud', 'account.ageDays', 0, { audience: { attr: 'limits.seats', op: 'eq', value } })]), context, state, NOW).reasons[0];

    expect(reason?.code).toBe(ReasonCode.shown);
  });

  it('reads readiness as absent until analytics provides it', () => {
    const reason = evaluate(cfg([milestoneRule('aud', 'account.ageDays', 0, { audience: { attr: 'readiness', op: 'gte', value: 0 } })]), person, { rules: {} }, NOW).reasons[0];

    expect(reason?.params).toEqual({ attr: 'readiness', op: 'gte', value: '0', actual: null });
  });
});

describe('all, any and not through evaluate', () => {
  const admin: Leaf = { attr: 'user.role', op: 'eq', value: 'admin' };
  const big: Leaf = { attr: 'account.traits.employees', op: 'gte', value: 500 };
  const pro: Leaf = { attr: 'account.plan', op: 'eq', value: 'pro' };

  it.each<[string, Condition, object | 'holds']>([
    ['all that hold', { all: [admin, { not: pro }] }, 'holds'],
    ['all: the first failing comparison is named', { all: [admin, big, pro] }, missOf(big, 180)],
    ['any with one that holds', { any: [pro, big, admin] }, 'holds'],
    ['any: the first branch is named', { any: [pro, big] }, missOf(pro, 'starter')],
    ['not of a failing comparison', { not: pro }, 'holds'],
    ['not of a holding comparison', { not: admin }, { attr: '(not)', op: 'exists', value: 'false', actual: 'the negated condition holds' }],
    ['empty all', { all: [] }, 'holds'],
    ['empty any', { any: [] }, { attr: '(any)', op: 'exists', value: null, actual: 'no branches' }],
  ])('%s', (_name, audience, outcome) => {
    const reason = decide(audience);

    if (outcome === 'holds') expect(reason?.code).toBe(ReasonCode.shown);
    else expect(reason).toEqual({ ruleId: 'aud', code: ReasonCode.audience, params: outcome });
  });

  it('explains a miss with the real value', () => {
    expect(say(decide({ all: [admin, { attr: 'account.health', op: 'gte', value: 80 }] }))).toBe('account.health is 72, not gte 80');
    expect(say(decide({ attr: 'account.traits.missing', op: 'eq', value: 'x' }))).toBe('account.traits.missing is absent, not eq "x"');
  });
});
