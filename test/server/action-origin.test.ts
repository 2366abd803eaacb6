import { afterEach, describe, expect, it } from 'vitest';
import { FunnelAnswer } from '../../shared/schemas/analytics';
import { expectApiError } from '../helpers/http';
import { analyticsApp, dayOf, NOW, type AnalyticsApp } from './analytics-helpers';

// A trial or a request to the admins is the funnel's action stage. The widget sends the prompt it
// came from (arm, tier, surface, locale), so the funnel's breakdowns count the action where the
// prompt's own events are; a body without them (an older widget) still counts, under ''.

let t: AnalyticsApp;
afterEach(() => t.cleanup());

const DAY = dayOf(NOW);
const trial = (account: string, origin: Record<string, string>) =>
  t.widgetPost('/v1/trials', { userId: `${account}-u`, accountId: account, ruleId: 'try-reports-ab', feature: 'scheduled_reports', ...origin });
const ask = (user: string, origin: Record<string, string>) => t.widgetPost('/v1/admin-requests', { userId: user, accountId: 'acct-9', ruleId: 'try-alerts', ...origin });

/** Each rule's action count per value of `by`, from the funnel's answer. */
async function actions(by: string): Promise<Record<string, Record<string, number>>> {
  const answer = FunnelAnswer.parse(await t.ok(`/v1/analytics/funnel?from=${DAY}&to=${DAY}&by=${by}`));
  return Object.fromEntries(answer.rules.map((r) => [r.ruleId, Object.fromEntries(r.segments.filter((s) => s.stages.action > 0).map((s) => [s.key, s.stages.action]))]));
}

describe('the action stage by the prompt an action came from', () => {
  it('counts trials and admin requests under the arm, tier, surface and locale sent with them', async () => {
    t = await analyticsApp();
    for (const [account, origin] of [
      ['acct-1', { variant: 'short', tier: 'p85', surface: 'modal', locale: 'de' }],
      ['acct-2', { variant: 'long', surface: 'banner', locale: 'de' }],
      ['acct-3', { variant: 'short', tier: 'p85', surface: 'modal', locale: 'en-GB' }],
      ['acct-4', {}],
    ] as const) {
      const res = await trial(account, origin);
      expect(res.status, await res.clone().text()).toBe(201);
    }
    for (const [user, origin] of [
      ['u1', { tier: 'p70', surface: 'inline', locale: 'fr' }],
      ['u2', {}],
    ] as const) {
      const res = await ask(user, origin);
      expect(res.status, await res.clone().text()).toBe(202);
    }
    expect(await actions('variant')).toEqual({ 'try-reports-ab': { short: 2, long: 1, '': 1 }, 'try-alerts': { '': 2 } });
    expect(await actions('tier')).toEqual({ 'try-reports-ab': { p85: 2, '': 2 }, 'try-alerts': { p70: 1, '': 1 } });
    expect(await actions('surface')).toEqual({ 'try-reports-ab': { modal: 2, banner: 1, '': 1 }, 'try-alerts': { inline: 1, '': 1 } });
    expect(await actions('locale')).toEqual({ 'try-reports-ab': { de: 2, 'en-GB': 1, '': 1 }, 'try-alerts': { fr: 1, '': 1 } });
    const modal = FunnelAnswer.parse(await t.ok(`/v1/analytics/funnel?from=${DAY}&to=${DAY}&surface=modal`));
    expect(modal.rules.map((r) => [r.ruleId, r.stages.action])).toEqual([['try-reports-ab', 2]]);
  });

  it.each([
    ['a surface no rule has', { surface: 'billboard' }, 'surface'],
    ['a locale that is no language tag', { locale: 'not a locale' }, 'locale'],
    ['a tier that is no key', { tier: '' }, 'tier'],
  ])('refuses %s, at its field, for trials and admin requests alike', async (_what, origin, field) => {
    t = await analyticsApp();
    for (const res of [await trial('acct-1', origin), await ask('u1', origin)]) {
      const error = await expectApiError(res, 400, 'invalid_request');
      expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([field]);
    }
  });

  it('refuses an admin request naming a variant the rule does not have, as a trial does', async () => {
    t = await analyticsApp();
    const res = await t.widgetPost('/v1/admin-requests', { userId: 'u1', accountId: 'acct-9', ruleId: 'try-reports-ab', variant: 'medium' });
    const error = await expectApiError(res, 400, 'invalid_request');
    expect(error.message).toContain('rule "try-reports-ab" has no variant "medium"');
    await expectApiError(await trial('acct-1', { variant: 'medium' }), 400, 'invalid_request');
  });
});
