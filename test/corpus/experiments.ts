import { demoContent } from '../../server/demo/seed';
import type { ConfigContent } from '../../shared/schemas/config';
import type { Rule, UsageTrigger } from '../../shared/schemas/rule';
import type { State } from '../../shared/schemas/state';
import { catalog, copy, member } from './catalog';
import { DAY, NOW, type Expectation, type PromptSummary, type Scenario } from './types';

// Variants, a rule holdout and the environment's global holdout, with copy per locale.
//
// Buckets are FNV-1a in GrowthBook's v2 form, (fnv1a32(String(fnv1a32(seed + id))) % 10000) / 10000,
// worked out for these account ids with an independent implementation checked against the
// published vectors (shared/vectors/hash.json), not with the engine:
//
//   account    upshift-global/holdout   ladder-ab   alerts-trial/holdout
//   acct-001   0.4597                   0.4100      0.0032   (in the trial's 20 % holdout)
//   acct-002   0.6333                   0.7900      0.8124   (bold arm: 0.79 ≥ 0.5)
//   acct-003   0.3918                   0.0043      0.4538   (control arm)
//   acct-011   0.0422                   0.4496      0.2953   (in the global 10 % holdout)
//   acct-030   0.1030                   0.7481      0.4377   (just outside the global holdout)
//   acct-036   0.0990                   0.8168      0.3267   (just inside it)

const demoLadder = demoContent.rules[0]!;
const demoTiers = (demoLadder.trigger as UsageTrigger).tiers;

const ladderAb: Rule = {
  ...structuredClone(demoLadder),
  id: 'ladder-ab',
  name: 'API-call ladder, bolder copy at 85 %',
  trigger: {
    ...(structuredClone(demoLadder.trigger) as UsageTrigger),
    tiers: demoTiers.map((t) =>
      t.id !== 'p85'
        ? structuredClone(t)
        : {
            ...structuredClone(t),
            content: {
              ...t.content,
              locales: {
                de: { title: '{{percent}} % Ihrer API-Aufrufe verbraucht', body: '{{usage}} von {{limit}} verbraucht.', cta: '{{offer.plan.name}} ansehen' },
                fr: { title: '{{percent}} % de vos appels API utilisés', body: '{{usage}} sur {{limit}} utilisés.', cta: 'Voir {{offer.plan.name}}' },
              },
            },
          },
    ),
  },
  variants: [
    { id: 'control', weight: 50 },
    {
      id: 'bold',
      weight: 50,
      tiers: {
        p85: {
          title: 'Act now: {{percent}}% of your {{metric}} used',
          body: 'Teams that wait run out mid-month. {{offer.plan.name}} gives you ten times the room.',
          cta: 'Upgrade now',
          locales: { de: { title: 'Jetzt handeln: {{percent}} % Ihrer API-Aufrufe verbraucht', body: '{{offer.plan.name}} gibt Ihnen zehnmal so viel Raum.', cta: 'Jetzt upgraden' } },
        },
      },
    },
  ],
};

const alertsTrial: Rule = {
  id: 'alerts-trial',
  name: 'People checking for anomalies by hand: try alerts (20 % held out)',
  status: 'live',
  priority: 100,
  surface: 'inline',
  slot: 'sidebar',
  trigger: { type: 'event', event: 'anomaly_checked', count: 3, withinDays: 14 },
  offer: { type: 'trial', feature: 'anomaly_alerts', days: 14 },
  holdout: 20,
  content: {
    ...copy('Let alerts watch your metrics', 'Try anomaly alerts free for {{offer.days}} days.', 'Start the trial'),
    locales: {
      de: copy('Größere Ausschläge automatisch erkennen', 'Testen Sie Anomalie-Warnungen {{offer.days}} Tage kostenlos.', 'Jetzt testen'),
      'de-CH': copy('Grössere Ausschläge automatisch erkennen', 'Testen Sie Anomalie-Warnungen {{offer.days}} Tage kostenlos.', 'Jetzt testen'),
    },
  },
};

export const experimentConfigs = { experiments: { catalog, rules: [ladderAb, alertsTrial], settings: { holdout: 10 } } } satisfies Record<string, ConfigContent>;

const QUIET = { 'ladder-ab': 'usage.below_threshold', 'alerts-trial': 'event.below_count' };
const CHECKS: State = { rules: {}, counts: { anomaly_checked: [NOW - DAY, NOW - 3 * DAY, NOW - 10 * DAY] } };
const none: State = { rules: {} };

const e = (name: string, account: string, o: { locale?: string; apiCalls?: number }, st: State, prompt: PromptSummary | null, codes: Partial<typeof QUIET>, placed: Expectation['placed'] = []): Scenario => ({
  name,
  config: 'experiments',
  context: member({ account, ...(o.locale && { locale: o.locale }), usage: { api_calls: o.apiCalls ?? 2000 } }),
  state: st,
  now: NOW,
  expect: { prompt, placed, codes: { ...QUIET, ...codes } },
});

const SHOWN = { 'ladder-ab': 'shown' };
const control = (title: string): PromptSummary => ({ ruleId: 'ladder-ab', tier: 'p85', variant: 'control', title });
const SLOT = { ruleId: 'alerts-trial', slot: 'sidebar' };

export const experimentScenarios: Scenario[] = [
  // Variants.
  e('an account in the control arm sees the tier’s copy', 'acct-003', { apiCalls: 9000 }, none, control('90% of your API calls used'), SHOWN),
  e('an account in the bold arm sees the variant’s copy', 'acct-002', { apiCalls: 9000 }, none,
    { ruleId: 'ladder-ab', tier: 'p85', variant: 'bold', title: 'Act now: 90% of your API calls used' }, SHOWN),
  e('the bold arm has no copy of its own at 70 %: the tier’s shows', 'acct-002', { apiCalls: 7200 }, none,
    { ruleId: 'ladder-ab', tier: 'p70', variant: 'bold', title: 'Your team has used 72% of this month’s API calls' }, SHOWN),
  // Locales.
  e('a German reader reads the German tier copy', 'acct-003', { locale: 'de', apiCalls: 9000 }, none, control('90\u00a0% Ihrer API-Aufrufe verbraucht'), SHOWN),
  e('de-AT falls back to German', 'acct-003', { locale: 'de-AT', apiCalls: 9000 }, none, control('90\u00a0% Ihrer API-Aufrufe verbraucht'), SHOWN),
  e('fr-CA falls back to French', 'acct-003', { locale: 'fr-CA', apiCalls: 9000 }, none, control('90\u00a0% de vos appels API utilisés'), SHOWN),
  e('a language without a translation reads the default copy', 'acct-003', { locale: 'ja', apiCalls: 9000 }, none, control('90% of your API calls used'), SHOWN),
  e('a German reader in the bold arm reads the variant’s German', 'acct-002', { locale: 'de', apiCalls: 9000 }, none,
    { ruleId: 'ladder-ab', tier: 'p85', variant: 'bold', title: 'Jetzt handeln: 90\u00a0% Ihrer API-Aufrufe verbraucht' }, SHOWN),
  // The global holdout sees no prompt from any rule.
  e('an account in the global holdout sees nothing at all', 'acct-011', { apiCalls: 9000 }, CHECKS, null,
    { 'ladder-ab': 'experiment.global_holdout', 'alerts-trial': 'experiment.global_holdout' }),
  e('bucket 0.099 is inside a 10 % global holdout', 'acct-036', { apiCalls: 9000 }, none, null, { 'ladder-ab': 'experiment.global_holdout' }),
  e('bucket 0.103 is just outside it', 'acct-030', { apiCalls: 9000 }, none, { ruleId: 'ladder-ab', tier: 'p85', variant: 'bold' }, SHOWN),
  // An inline slot, with a rule holdout.
  e('three anomaly checks in two weeks fill the sidebar slot', 'acct-003', {}, CHECKS, null, { 'alerts-trial': 'shown' }, [{ ...SLOT, offer: 'trial:anomaly_alerts' }]),
  e('the slot and the banner show together', 'acct-003', { apiCalls: 9000 }, CHECKS, { ruleId: 'ladder-ab', tier: 'p85', variant: 'control' }, { ...SHOWN, 'alerts-trial': 'shown' }, [SLOT]),
  e('the third check 15 days ago is outside the window', 'acct-003', {}, { rules: {}, counts: { anomaly_checked: [NOW - DAY, NOW - 3 * DAY, NOW - 15 * DAY] } }, null, {}),
  e('an account in the rule’s 20 % holdout is held back', 'acct-001', {}, CHECKS, null, { 'alerts-trial': 'experiment.holdout' }),
  e('Swiss German readers get the de-CH copy in the slot', 'acct-003', { locale: 'de-CH' }, CHECKS, null, { 'alerts-trial': 'shown' },
    [{ ...SLOT, title: 'Grössere Ausschläge automatisch erkennen' }]),
  e('German readers get the de copy in the slot', 'acct-003', { locale: 'de' }, CHECKS, null, { 'alerts-trial': 'shown' }, [{ ...SLOT, title: 'Größere Ausschläge automatisch erkennen' }]),
];
