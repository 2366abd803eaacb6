import { child, isRecord, listOf, withKey, withKeys, type Draft } from './draft';

export const TRIGGER_TYPES = [
  { value: 'usage', label: 'Usage ladder: escalating notices as a metric nears its limit' },
  { value: 'feature', label: 'Feature gate: someone tried a feature their plan lacks' },
  { value: 'event', label: 'Event count: an event happened often enough within a window' },
  { value: 'milestone', label: 'Milestone: a number reached a value' },
  { value: 'forecast', label: 'Forecast: a metric will reach its limit soon' },
] as const;

/** What switching the trigger's type did, in words for the person. */
export interface Switched {
  rule: Draft;
  kept: string[];
  dropped: string[];
}

const FIELDS: Record<string, readonly string[]> = {
  usage: ['metric', 'tiers', 'hysteresis'],
  feature: ['feature', 'withinMinutes'],
  event: ['event', 'count', 'withinDays'],
  milestone: ['attr', 'at'],
  forecast: ['metric', 'withinDays'],
};
const NAMES: Record<string, string> = { metric: 'the metric', tiers: 'the tiers', hysteresis: 'the hysteresis', feature: 'the feature', withinMinutes: 'the minutes', event: 'the event name', count: 'the count', withinDays: 'the days', attr: 'the attribute', at: 'the value' };
const blankCopy = { title: '', body: '', cta: '' };

/**
 * The rule with its trigger changed to `type`, keeping what the new type can use: the metric
 * between a ladder and a forecast, the top tier's copy and tone as the rule's own (and back), and
 * saying what goes. Days only carry over where they mean a window of the same kind.
 */
export function switchTrigger(rule: Draft, type: string): Switched {
  const old = child(rule, 'trigger');
  const from = String(old.type ?? '');
  let trigger: Record<string, unknown> = { type };
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const k of FIELDS[from] ?? []) {
    if (old[k] === undefined) continue;
    const carries = (FIELDS[type] ?? []).includes(k) && !(k === 'withinDays' && from !== type);
    if (carries) {
      trigger = withKey(trigger, k, old[k]);
      kept.push(NAMES[k] ?? k);
    } else dropped.push(NAMES[k] ?? k);
  }
  let next = withKey(rule, 'trigger', trigger);
  const tiers = listOf(old, 'tiers').filter(isRecord);
  if (from === 'usage' && type !== 'usage') {
    const top = tiers[tiers.length - 1];
    if (top && next.content === undefined && isRecord(top.content)) {
      next = withKeys(next, { content: top.content, tone: next.tone ?? top.tone });
      kept.push('the top tier\u2019s copy, as the rule\u2019s');
    }
    const variants = listOf(next, 'variants');
    if (variants.some((v) => isRecord(v) && v.tiers !== undefined)) {
      next = withKey(next, 'variants', variants.map((v) => (isRecord(v) ? withKey(v, 'tiers', undefined) : v)));
      dropped.push('the variants\u2019 copy per tier');
    }
  }
  if (type === 'usage' && from !== 'usage') {
    const content = isRecord(rule.content) ? rule.content : blankCopy;
    next = withKeys(next, { trigger: withKeys(trigger, { metric: trigger.metric ?? '', tiers: [{ id: 'high', at: { percent: 80 }, tone: rule.tone ?? 'recommend', content }] }), content: undefined, tone: undefined });
    if (isRecord(rule.content)) kept.push('the copy, as the first tier\u2019s');
  }
  return { rule: next, kept, dropped };
}
