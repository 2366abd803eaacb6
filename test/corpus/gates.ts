import type { ConfigContent } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import type { Rule } from '../../shared/schemas/rule';
import type { RuleState, State } from '../../shared/schemas/state';
import { catalog, copy, member } from './catalog';
import { DAY, HOUR, iso, MINUTE, NOW, type Expectation, type PromptSummary, type Scenario } from './types';

// Signals other than usage: a click on a locked feature, a tracked event reaching a count, a
// milestone; with the owned and trial guards, per-rule frequency and the global budget (defaults:
// one interruptive prompt a day, three a week).

const rules: Rule[] = [
  {
    id: 'reports-gate',
    name: 'Explain scheduled reports when someone clicks them',
    status: 'live',
    priority: 300,
    surface: 'modal',
    trigger: { type: 'feature', feature: 'scheduled_reports' },
    offer: { type: 'upgrade', plan: 'next' },
    content: copy('{{feature.name}} come with {{offer.plan.name}}', '{{feature.description}}', 'See {{offer.plan.name}}'),
  },
  {
    id: 'exports-nudge',
    name: 'Heavy exporters: try scheduled reports',
    status: 'live',
    priority: 200,
    surface: 'toast',
    trigger: { type: 'event', event: 'report_exported', count: 5, withinDays: 7 },
    offer: { type: 'trial', feature: 'scheduled_reports', days: 14 },
    frequency: { cap: { count: 2, per: 'week' } },
    content: copy('You exported {{count}} reports this week', 'Scheduled reports can send them for you: try them free for {{offer.days}} days.', 'Start the trial'),
  },
  {
    id: 'projects-milestone',
    name: 'Celebrate the eighth project',
    status: 'live',
    priority: 100,
    surface: 'banner',
    trigger: { type: 'milestone', attr: 'usage.projects', at: 8 },
    offer: { type: 'upgrade', plan: 'next' },
    content: copy('{{value}} projects and counting', 'Teams this size usually move to {{offer.plan.name}}.', 'See {{offer.plan.name}}'),
  },
  {
    id: 'alerts-panel',
    name: 'Anomaly alerts as an add-on, in the feature panel',
    status: 'live',
    priority: 100,
    surface: 'panel',
    trigger: { type: 'feature', feature: 'anomaly_alerts' },
    offer: { type: 'addon', addon: 'alerts' },
    content: copy('Anomaly alerts watch your metrics', 'Add them to Starter without changing plans.', 'Add alerts'),
  },
];

export const gateConfigs = { gates: { catalog, rules } } satisfies Record<string, ConfigContent>;

/** What every rule says when nothing happened: no attempt, no exports, 3 projects. */
const QUIET = {
  'reports-gate': 'feature.no_attempt',
  'exports-nudge': 'event.below_count',
  'projects-milestone': 'milestone.not_reached',
  'alerts-panel': 'feature.no_attempt',
};

const attempt = (feature: string, ...ago: number[]) => ({ [`upshift:gate:${feature}`]: ago.map((a) => NOW - a) });
/** Five exports this week: an hour ago and 1, 2, 3 and 6 days ago. */
const FIVE_EXPORTS = { report_exported: [NOW - HOUR, NOW - DAY, NOW - 2 * DAY, NOW - 3 * DAY, NOW - 6 * DAY] };
const state = (counts: Record<string, number[]> = {}, ruleStates: Record<string, RuleState> = {}, extra: Partial<State> = {}): State => ({ rules: ruleStates, counts, ...extra });
/** The milestone banner showed this morning and was dismissed: it spent the day's budget. */
const MILESTONE_SEEN_TODAY = { 'projects-milestone': { impressions: [NOW - 2 * HOUR], dismissedAt: NOW - 2 * HOUR } };

const g = (name: string, context: Context, st: State, prompt: PromptSummary | null, codes: Partial<typeof QUIET>, placed: Expectation['placed'] = []): Scenario => ({
  name,
  config: 'gates',
  context,
  state: st,
  now: NOW,
  expect: { prompt, placed, codes: { ...QUIET, ...codes } },
});

export const gateScenarios: Scenario[] = [
  // Feature gate.
  g('a click on a locked feature two minutes ago opens its modal', member(), state(attempt('scheduled_reports', 2 * MINUTE)),
    { ruleId: 'reports-gate', offer: 'upgrade:pro', title: 'Scheduled reports come with Pro' }, { 'reports-gate': 'shown' }),
  g('a click 45 minutes ago no longer opens it', member(), state(attempt('scheduled_reports', 45 * MINUTE)), null, {}),
  g('a 10-day-old account that asks is answered; the age guard holds the rest', member({ createdAt: iso(NOW - 10 * DAY), usage: { projects: 9 } }),
    state({ ...attempt('scheduled_reports', MINUTE), ...FIVE_EXPORTS }),
    { ruleId: 'reports-gate' }, { 'reports-gate': 'shown', 'exports-nudge': 'guard.account_too_new', 'projects-milestone': 'guard.account_too_new' }),
  g('a Pro account already has scheduled reports', member({ plan: 'pro' }), state(attempt('scheduled_reports', MINUTE)), null,
    { 'reports-gate': 'feature.not_locked', 'exports-nudge': 'guard.owned', 'alerts-panel': 'guard.owned' }),
  g('the modal dismissed after the click stays closed', member(), state(attempt('scheduled_reports', 5 * MINUTE), { 'reports-gate': { impressions: [NOW - 5 * MINUTE], dismissedAt: NOW - 4 * MINUTE } }),
    null, { 'reports-gate': 'feature.dismissed' }),
  g('a new click after the dismissal opens it again', member(), state(attempt('scheduled_reports', MINUTE, 5 * MINUTE), { 'reports-gate': { impressions: [NOW - 5 * MINUTE], dismissedAt: NOW - 4 * MINUTE } }),
    { ruleId: 'reports-gate' }, { 'reports-gate': 'shown' }),
  g('a click on a locked feature outranks the export nudge', member(), state({ ...attempt('scheduled_reports', MINUTE), ...FIVE_EXPORTS }),
    { ruleId: 'reports-gate' }, { 'reports-gate': 'shown', 'exports-nudge': 'arbitration.outranked' }),
  // Event count.
  g('five exports in a week offer a trial of scheduled reports', member(), state(FIVE_EXPORTS),
    { ruleId: 'exports-nudge', offer: 'trial:scheduled_reports', title: 'You exported 5 reports this week' }, { 'exports-nudge': 'shown' }),
  g('the fifth export is eight days old', member(), state({ report_exported: [NOW - HOUR, NOW - DAY, NOW - 2 * DAY, NOW - 3 * DAY, NOW - 8 * DAY] }), null, {}),
  // Feature panels are placed beside the interruptive prompt.
  g('the add-on panel opens beside the toast', member(), state({ ...attempt('anomaly_alerts', 3 * MINUTE), ...FIVE_EXPORTS }),
    { ruleId: 'exports-nudge' }, { 'exports-nudge': 'shown', 'alerts-panel': 'shown' }, [{ ruleId: 'alerts-panel', offer: 'addon:alerts' }]),
  // Owned and trialled.
  g('an account that bought the alerts add-on is not offered it again', member({ addons: ['alerts'] }), state(attempt('anomaly_alerts', 3 * MINUTE)), null, { 'alerts-panel': 'guard.owned' }),
  g('a running trial of scheduled reports holds the trial offer back', member(), state(FIVE_EXPORTS, {}, { trials: { scheduled_reports: { startedAt: NOW - 3 * DAY, endsAt: NOW + 11 * DAY } } }),
    null, { 'exports-nudge': 'guard.trial_running' }),
  g('a finished trial is not offered twice', member(), state(FIVE_EXPORTS, {}, { trials: { scheduled_reports: { startedAt: NOW - 30 * DAY, endsAt: NOW - 16 * DAY } } }),
    null, { 'exports-nudge': 'guard.trial_used' }),
  // Frequency: snooze (1 day), cooldown (7 days), cap (2 a week).
  g('snoozed this morning, the nudge waits a day', member(), state(FIVE_EXPORTS, { 'exports-nudge': { impressions: [NOW - 6 * HOUR], snoozedAt: NOW - 6 * HOUR } }), null, { 'exports-nudge': 'frequency.snoozed' }),
  g('dismissed three days ago, the nudge cools down', member(), state(FIVE_EXPORTS, { 'exports-nudge': { impressions: [NOW - 3 * DAY], dismissedAt: NOW - 3 * DAY } }), null, { 'exports-nudge': 'frequency.cooldown' }),
  g('dismissed eight days ago, the nudge may speak again', member(), state(FIVE_EXPORTS, { 'exports-nudge': { impressions: [NOW - 8 * DAY], dismissedAt: NOW - 8 * DAY } }),
    { ruleId: 'exports-nudge' }, { 'exports-nudge': 'shown' }),
  g('shown twice this week, the nudge has reached its cap', member(), state(FIVE_EXPORTS, { 'exports-nudge': { impressions: [NOW - 2 * DAY, NOW - 5 * DAY] } }), null, { 'exports-nudge': 'frequency.capped' }),
  g('shown once this week, the nudge may show a second time', member(), state(FIVE_EXPORTS, { 'exports-nudge': { impressions: [NOW - 2 * DAY] } }),
    { ruleId: 'exports-nudge' }, { 'exports-nudge': 'shown' }),
  // Milestone.
  g('the eighth project is a milestone', member({ usage: { projects: 8 } }), state(),
    { ruleId: 'projects-milestone', offer: 'upgrade:pro', title: '8 projects and counting' }, { 'projects-milestone': 'shown' }),
  g('a milestone acknowledged earlier stays done', member({ usage: { projects: 12 } }), state({}, { 'projects-milestone': { impressions: [NOW - 20 * DAY], clickedAt: NOW - 20 * DAY } }),
    null, { 'projects-milestone': 'milestone.done' }),
  // The global budget.
  g('the milestone banner this morning spent the day’s budget: the nudge waits', member({ usage: { projects: 9 } }), state(FIVE_EXPORTS, MILESTONE_SEEN_TODAY),
    null, { 'exports-nudge': 'budget.exhausted', 'projects-milestone': 'milestone.done' }),
  g('a click on a locked feature is answered even when the budget is spent', member({ usage: { projects: 9 } }), state(attempt('scheduled_reports', MINUTE), MILESTONE_SEEN_TODAY),
    { ruleId: 'reports-gate' }, { 'reports-gate': 'shown', 'projects-milestone': 'milestone.done' }),
  g('feature panels do not spend the budget', member(), state(FIVE_EXPORTS, { 'alerts-panel': { impressions: [NOW - HOUR] } }),
    { ruleId: 'exports-nudge' }, { 'exports-nudge': 'shown' }),
];
