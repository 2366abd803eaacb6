import { isExpansion, type ConversionType } from '../../../shared/schemas/conversion';
import type { Event } from '../../../shared/schemas/event';
import type { FunnelStage } from '../../../shared/schemas/analytics';
import { dayOf } from './range';
import { storedEventTime } from '../event-time';

// What each stored thing adds to the funnel's daily counts. Pure, so every store keeps its rollup
// by the same rules; the store only upserts the rows.

/** One key of the funnel's daily counts; absent dimensions are ''. `trigger` '' is resolved at read time. */
export interface FunnelKey {
  day: string;
  ruleId: string;
  variant: string;
  tier: string;
  surface: string;
  locale: string;
  trigger: string;
  stage: FunnelStage;
}

/** A key of the one-dimension sums: `dim` '' is the rule's total (with `value` ''). */
export interface DimKey {
  dim: '' | 'variant' | 'tier' | 'surface' | 'locale';
  day: string;
  ruleId: string;
  trigger: string;
  value: string;
  stage: FunnelStage;
}

/** The one-dimension sums a full key adds to: the rule's total and one per dimension. */
export function dimKeys({ day, ruleId, trigger, stage, variant, tier, surface, locale }: FunnelKey): DimKey[] {
  const base = { day, ruleId, trigger, stage };
  return [
    { dim: '', ...base, value: '' },
    { dim: 'variant', ...base, value: variant },
    { dim: 'tier', ...base, value: tier },
    { dim: 'surface', ...base, value: surface },
    { dim: 'locale', ...base, value: locale },
  ];
}

export interface DeclineKey {
  day: string;
  ruleId: string;
  reason: string;
}

/** A one-click action a person took on a rule: a trial started or a request to the admins, with the prompt's arm, tier, surface and locale where the widget sent them. */
export interface FunnelAction {
  ruleId: string;
  variant: string | null;
  tier: string | null;
  surface: string | null;
  locale: string | null;
  trigger: string | null;
  at: number;
}

/** Counts per distinct key of a batch, so a store writes one upsert per key rather than per event. */
export class KeyCounts<K extends object> {
  readonly counts = new Map<string, { key: K; count: number }>();
  add(key: K, n = 1): void {
    const id = Object.values(key).join('\u0000');
    const seen = this.counts.get(id);
    if (seen) seen.count += n;
    else this.counts.set(id, { key, count: n });
  }
}

/** The UI marks a call to action that opened a checkout (an upgrade, add-on or seats offer) with `props.action`. */
export const CHECKOUT_ACTION = 'checkout';

const STAGE_OF_TYPE: Readonly<Record<string, FunnelStage>> = { exposure: 'exposed', impression: 'impression', click: 'click' };

/** Reads a field that only some event types have (exposure's trigger, a prompt event's locale). */
const field = (e: object, name: string): string => {
  const value = (e as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
};

/**
 * The funnel and decline counts of events just stored (duplicates already left out). An event's
 * day is the UTC day of its time as stored: clamped to `receivedAt`, as `insertEvents` does.
 */
export function countEvents(events: readonly Event[], receivedAt: number): { funnel: KeyCounts<FunnelKey>; declines: KeyCounts<DeclineKey> } {
  const funnel = new KeyCounts<FunnelKey>();
  const declines = new KeyCounts<DeclineKey>();
  for (const e of events) {
    if (e.type === 'track' || e.type === 'dropped') continue;
    const day = dayOf(storedEventTime(e.at, receivedAt));
    if (e.type === 'decline') {
      declines.add({ day, ruleId: e.ruleId, reason: e.reason });
      continue;
    }
    const stage = STAGE_OF_TYPE[e.type];
    if (!stage) continue;
    const base = { day, ruleId: e.ruleId, variant: e.variant ?? '', tier: e.tier ?? '', surface: e.surface, locale: field(e, 'locale'), trigger: field(e, 'trigger') };
    funnel.add({ ...base, stage });
    if (stage === 'click' && e.props?.['action'] === CHECKOUT_ACTION) funnel.add({ ...base, stage: 'action' });
  }
  return { funnel, declines };
}

/** A trial started or an admin asked: an action on the rule, on its UTC day. */
export const actionKey = (a: FunnelAction): FunnelKey => ({
  day: dayOf(a.at),
  ruleId: a.ruleId,
  variant: a.variant ?? '',
  tier: a.tier ?? '',
  surface: a.surface ?? '',
  locale: a.locale ?? '',
  trigger: a.trigger ?? '',
  stage: 'action',
});

/** A stored conversion counts when it adds revenue and was credited to a rule, on the conversion's UTC day. */
export function conversionKey(c: { type: ConversionType; at: number; touch: { ruleId: string; variant: string | null; tier: string | null; surface: string | null } | null }): FunnelKey | null {
  if (!c.touch || !isExpansion(c.type)) return null;
  const { ruleId, variant, tier, surface } = c.touch;
  return { day: dayOf(c.at), ruleId, variant: variant ?? '', tier: tier ?? '', surface: surface ?? '', locale: '', trigger: '', stage: 'conversion' };
}
