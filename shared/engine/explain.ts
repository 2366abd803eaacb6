import type { Reason, ReasonParams } from './types';
import { isoDate } from './period';

type Words = (p: ReasonParams, r: Reason) => string;

const date = (ms: unknown): string => (typeof ms === 'number' && Number.isFinite(ms) ? isoDate(ms) : 'an unknown date');
const days = (n: unknown): string => (n === 1 ? '1 day' : `${String(n)} days`);

/** One sentence per reason code, from its params. Kept out of the engine so the widget ships codes, not prose. */
const WORDS: Record<string, Words> = {
  shown: (p, r) =>
    `${p.percent !== undefined ? `${String(p.metric)} is at ${String(p.percent)}% of its limit; ` : ''}${r.tier ? `tier "${r.tier}" (${String(p.tone)}) shows` : `it shows (${String(p.tone)})`} as a ${String(p.surface)}${r.variant ? `, variant "${r.variant}"` : ''}`,
  'rule.inactive': (p) => `the rule is ${String(p.status)}; only live rules show`,
  'rule.invalid': () => 'the rule could not be read by this version; it is skipped',
  'schedule.not_started': (p) => `the rule is scheduled to start on ${date(p.start)}`,
  'schedule.ended': (p) => `the rule's schedule ended on ${date(p.end)}`,
  'trigger.unsupported': (p) => (p.type === 'content' ? 'the rule has no copy for this trigger' : `trigger type "${String(p.type)}" is not supported by this version`),
  'offer.unknown_plan': (p) => `the offer names plan "${String(p.plan)}", which is not in the catalog`,
  'offer.unknown_addon': (p) => `the offer names add-on "${String(p.addon)}", which is not in the catalog`,
  'offer.unknown_feature': (p) => `the offer names feature "${String(p.feature)}", which is not in the catalog`,
  'offer.no_next_step': (p) => `plan "${String(p.plan)}" has no next step in the catalog for this account`,
  'offer.current_plan': (p) => `the account is already on plan "${String(p.plan)}"`,
  'guard.owned': (p) => `the account already has "${String(p.id)}"`,
  'guard.trial_running': (p) => `a trial of "${String(p.id)}" is running`,
  'guard.trial_used': (p) => `the account already had a trial of "${String(p.id)}"`,
  'audience.miss': (p) => `${String(p.attr)} is ${p.actual === null ? 'absent' : JSON.stringify(p.actual)}, not ${String(p.op)}${p.value === null ? '' : ` ${String(p.value)}`}`,
  'guard.account_too_new': (p) => `account is ${days(p.days)} old; this rule waits ${days(p.min)}`,
  'guard.unhealthy': (p) => `account health is ${String(p.health)}, below ${String(p.min)}: unhappy accounts get help, not a pitch`,
  'guard.open_tickets': (p) => `the account has ${String(p.count)} open support ticket${p.count === 1 ? '' : 's'}`,
  'guard.contracting': (p) => `${String(p.metric)} usage fell across the last billing periods (${String(p.from)} to ${String(p.to)})`,
  'usage.no_reading': (p) => `the context has no usage reading for "${String(p.metric)}"`,
  'usage.no_limit': (p) =>
    p.known ? `plan "${String(p.plan)}" has no limit for "${String(p.metric)}"` : `plan "${String(p.plan)}" is not in the catalog and the context gives no limit for "${String(p.metric)}"`,
  'usage.below_threshold': (p) => `${String(p.metric)} is at ${String(p.percent)}% of its limit (${String(p.usage)} of ${String(p.limit)}); the first tier starts at ${String(p.first)}`,
  'tier.dismissed': (p) => `tier "${String(p.dismissedTier)}" was dismissed on ${date(p.at)}; tiers up to it stay hidden until the billing period renews on ${date(p.renews)}`,
  'feature.not_locked': (p) => `feature "${String(p.feature)}" is not locked for this account`,
  'feature.no_attempt': (p) => `nobody tried feature "${String(p.feature)}" in the last ${String(p.minutes)} minutes${p.last === null ? '' : ` (last on ${date(p.last)})`}`,
  'feature.dismissed': (p) => `the explanation of "${String(p.feature)}" was dismissed on ${date(p.at)}, after the latest attempt`,
  'event.below_count': (p) => `"${String(p.event)}" happened ${String(p.count)} times in the last ${days(p.days)}; the rule needs ${String(p.needed)}`,
  'milestone.not_reached': (p) => `${String(p.attr)} is ${p.value === null ? 'absent' : String(p.value)}; the milestone is ${String(p.at)}`,
  'milestone.done': (p) => `the milestone was already acknowledged on ${date(p.at)}`,
  'forecast.none': (p) => (p.reason === 'uncertain' ? `the forecast for ${String(p.metric)} is not confident enough yet` : `there is no forecast for ${String(p.metric)}: too little history, or usage is flat or falling`),
  'forecast.too_far': (p) => `${String(p.metric)} reaches its limit in about ${days(p.days)}; the rule fires within ${days(p.within)}`,
  'frequency.snoozed': (p) => `snoozed until ${date(p.until)}`,
  'frequency.cooldown': (p) => `dismissed recently; cooling down until ${date(p.until)}`,
  'frequency.capped': (p) => `shown ${String(p.shown)} times this ${String(p.per)}; the cap is ${String(p.max)}`,
  'experiment.holdout': (p) => `the account is in this rule's ${String(p.percent)}% holdout`,
  'experiment.global_holdout': (p) => `the account is in the global ${String(p.percent)}% holdout, which sees no prompts`,
  'budget.exhausted': (p) => `this person already saw ${String(p.shown)} interruptive prompt${p.shown === 1 ? '' : 's'} this ${String(p.per)}; the budget is ${String(p.max)}`,
  'arbitration.outranked': (p) => `rule "${String(p.by)}" (priority ${String(p.priority)}) takes the ${String(p.surface)} first`,
};

/** A human sentence for a reason, e.g. `account is 12 days old; this rule waits 90 days`. */
export function explain(reason: Reason): string {
  const words = Object.hasOwn(WORDS, reason.code) ? WORDS[reason.code]! : null;
  return words ? words(reason.params ?? {}, reason) : reason.code;
}

/** A reason with its message, as `/v1/decide`, the admin preview and `Upshift.debug()` report it. */
export type ExplainedReason = Reason & { message: string };

export function explainAll(reasons: readonly Reason[]): ExplainedReason[] {
  return reasons.map((r) => ({ ...r, message: explain(r) }));
}
