import { contentErrors } from '../content';
import { child, isRecord, listOf, type Draft } from './draft';

// The console's own checks, zod-free (the page's CSP forbids zod's eval probe): the ones a person
// needs while typing. The server's schema stays the authority; its answers land at the same paths.

/** The highest percentage a ladder tier may use (the server's MAX_LADDER_PERCENT). */
export const MAX_LADDER_PERCENT = 100;
const KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const EVENT = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const GUARD_KEYS = ['accountAgeDays', 'minHealth', 'openTickets', 'contraction', 'owned'] as const;

type Out = Record<string, string>;

/** Checks a number at `path` in [min, max]; `required` says whether absence is a problem. */
function num(out: Out, path: string, v: unknown, min: number, max: number, opts: { int?: boolean; required?: boolean; above?: boolean } = {}): void {
  if (v === undefined) {
    if (opts.required) out[path] = 'is required';
    return;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) out[path] = 'must be a number';
  else if (opts.int && !Number.isInteger(v)) out[path] = 'must be a whole number';
  else if (opts.above ? v <= min : v < min) out[path] = opts.above ? `must be more than ${min}` : `must be at least ${min}`;
  else if (v > max) out[path] = `must be at most ${max}`;
}

function key(out: Out, path: string, v: unknown, what = 'an id'): void {
  if (typeof v !== 'string' || v === '') out[path] = 'is required';
  else if (!KEY.test(v)) out[path] = `must be ${what} of lowercase letters, digits, "-" and "_" (at most 64, starting with a letter or digit)`;
}

function textOf(out: Out, path: string, v: unknown, max: number): void {
  if (typeof v !== 'string' || v.trim() === '') out[path] = 'is required';
  else if (v.length > max) out[path] = `must be at most ${max} characters`;
}

function ladder(out: Out, t: Record<string, unknown>): void {
  key(out, 'trigger.metric', t.metric, 'a metric id');
  num(out, 'trigger.hysteresis', t.hysteresis, 0, 50);
  const tiers = listOf(t, 'tiers');
  if (!tiers.length) out['trigger.tiers'] = 'a ladder needs at least one tier';
  if (tiers.length > 10) out['trigger.tiers'] = 'a ladder has at most 10 tiers';
  const ids = new Set<string>();
  let prev: { kind: string; n: number } | null = null;
  tiers.forEach((raw, i) => {
    const tier = isRecord(raw) ? raw : {};
    const p = `trigger.tiers.${i}`;
    key(out, `${p}.id`, tier.id, 'a tier id');
    if (typeof tier.id === 'string' && ids.has(tier.id)) out[`${p}.id`] = `duplicate tier id "${tier.id}"`;
    if (typeof tier.id === 'string') ids.add(tier.id);
    const at = child(tier, 'at');
    const kind = 'percent' in at ? 'percent' : 'value';
    const n = at[kind];
    if (kind === 'percent') num(out, `${p}.at`, n, 0, MAX_LADDER_PERCENT, { required: true, above: true });
    else num(out, `${p}.at`, n, 0, Number.MAX_SAFE_INTEGER, { required: true });
    if (kind === 'percent' && typeof n === 'number' && n > MAX_LADDER_PERCENT) {
      out[`${p}.at`] = `must be at most ${MAX_LADDER_PERCENT} %: a ladder warns before the limit, and above ${MAX_LADDER_PERCENT} % the account is already over it (use a value threshold to speak after the limit)`;
    }
    if (!out[`${p}.at`] && typeof n === 'number' && prev) {
      if (prev.kind !== kind) out[`${p}.at`] = 'all tiers of a ladder use the same kind of threshold';
      else if (prev.n >= n) out[`${p}.at`] = `tiers must be in ascending order: this one must be above ${prev.n}${kind === 'percent' ? ' %' : ''}`;
    }
    if (typeof n === 'number') prev = { kind, n };
    if (!['inform', 'recommend', 'urgent'].includes(String(tier.tone))) out[`${p}.tone`] = 'choose a tone';
  });
}

function trigger(out: Out, t: Record<string, unknown>): void {
  switch (t.type) {
    case 'usage':
      return ladder(out, t);
    case 'feature':
      key(out, 'trigger.feature', t.feature, 'a feature id');
      return num(out, 'trigger.withinMinutes', t.withinMinutes, 1, 1440, { int: true });
    case 'event':
      if (typeof t.event !== 'string' || t.event === '') out['trigger.event'] = 'is required';
      else if (!EVENT.test(t.event)) out['trigger.event'] = 'must be an event name as sent with Upshift.track (letters, digits, "_", ".", ":", "-")';
      num(out, 'trigger.count', t.count, 1, 1000, { int: true, required: true });
      return num(out, 'trigger.withinDays', t.withinDays, 1, 90, { int: true, required: true });
    case 'milestone':
      if (typeof t.attr !== 'string' || t.attr === '') out['trigger.attr'] = 'is required';
      return num(out, 'trigger.at', t.at, -Number.MAX_VALUE, Number.MAX_VALUE, { required: true });
    case 'forecast':
      key(out, 'trigger.metric', t.metric, 'a metric id');
      return num(out, 'trigger.withinDays', t.withinDays, 1, 365, { int: true, required: true });
    default:
      out['trigger.type'] = 'choose a trigger';
  }
}

function offer(out: Out, o: Record<string, unknown>): void {
  if (o.type === 'upgrade') key(out, 'offer.plan', o.plan, 'a plan id');
  else if (o.type === 'addon' || o.type === 'seats') key(out, 'offer.addon', o.addon, 'an add-on id');
  else if (o.type === 'trial') {
    key(out, 'offer.feature', o.feature, 'a feature id');
    num(out, 'offer.days', o.days, 1, 90, { int: true, required: true });
  } else if (o.type !== 'contact_sales') out['offer.type'] = 'choose an offer';
}

/** Guards, frequency, schedule and experiment: the parts after trigger and offer. */
function limits(out: Out, rule: Draft): void {
  const g = child(rule, 'guards');
  num(out, 'guards.accountAgeDays', g.accountAgeDays, 0, 3650, { int: true });
  num(out, 'guards.minHealth', g.minHealth, 0, 100);
  const reasons = child(g, 'reasons');
  for (const k of GUARD_KEYS) {
    const reason = reasons[k];
    if (g[k] !== undefined && (typeof reason !== 'string' || reason.trim() === '')) out[`guards.reasons.${k}`] = 'say why this rule overrides the default: a reason is required';
    else if (typeof reason === 'string' && reason.length > 300) out[`guards.reasons.${k}`] = 'must be at most 300 characters';
  }
  const f = child(rule, 'frequency');
  if (f.cap !== undefined) {
    const cap = child(f, 'cap');
    num(out, 'frequency.cap.count', cap.count, 1, 100, { int: true, required: true });
    if (!['day', 'week', 'period'].includes(String(cap.per))) out['frequency.cap.per'] = 'choose day, week or billing period';
  }
  num(out, 'frequency.cooldownDays', f.cooldownDays, 0, 365);
  num(out, 'frequency.snoozeDays', f.snoozeDays, 0, 90);
  const s = child(rule, 'schedule');
  for (const k of ['start', 'end'] as const) if (s[k] !== undefined && Number.isNaN(Date.parse(String(s[k])))) out[`schedule.${k}`] = 'must be a date and time';
  if (typeof s.start === 'string' && typeof s.end === 'string' && Date.parse(s.start) >= Date.parse(s.end)) out['schedule.end'] ??= 'must be after the start';
  num(out, 'holdout', rule.holdout, 0, 100);
  if (rule.variants !== undefined) {
    const variants = listOf(rule, 'variants');
    const ids = new Set<string>();
    variants.forEach((raw, i) => {
      const v = isRecord(raw) ? raw : {};
      key(out, `variants.${i}.id`, v.id, 'a variant id');
      if (typeof v.id === 'string' && ids.has(v.id)) out[`variants.${i}.id`] = `duplicate variant id "${v.id}"`;
      if (typeof v.id === 'string') ids.add(v.id);
      num(out, `variants.${i}.weight`, v.weight, 0, 1000, { required: true });
    });
    if (!variants.length) out.variants = 'add a variant, or remove the experiment';
    else if (!variants.some((v) => isRecord(v) && typeof v.weight === 'number' && v.weight > 0)) out.variants = 'at least one variant needs a weight above 0';
  }
}

/**
 * Problems in a draft by dotted path, before anything is sent. `taken` are the ids of other
 * drafts, for a new rule (an existing one keeps its id).
 */
export function checkRule(rule: Draft, taken: readonly string[] | null): Record<string, string> {
  const out: Out = {};
  key(out, 'id', rule.id, 'an id');
  if (!out.id && taken?.includes(String(rule.id))) out.id = `a draft rule "${String(rule.id)}" already exists: edit that one or pick another id`;
  textOf(out, 'name', rule.name, 120);
  num(out, 'priority', rule.priority, 0, 1000, { int: true, required: true });
  if (!['draft', 'live', 'paused', 'archived'].includes(String(rule.status))) out.status = 'choose a status';
  trigger(out, child(rule, 'trigger'));
  offer(out, child(rule, 'offer'));
  if (!['banner', 'toast', 'modal', 'inline', 'panel'].includes(String(rule.surface))) out.surface = 'choose a surface';
  if (rule.surface === 'inline') key(out, 'slot', rule.slot, 'a slot name');
  limits(out, rule);
  // Copy: empty English, half translations and over-long fields, as the content section checks them.
  const t = child(rule, 'trigger');
  if (t.type !== 'usage' && rule.content === undefined) out.content = `a ${String(t.type)} rule needs copy`;
  Object.assign(out, contentErrors(rule));
  return out;
}

