import type { Item } from '../../bench/dataset/items';
import type { ConversionInput } from '../../shared/schemas/conversion';
import type { Event } from '../../shared/schemas/event';

// The known answers of a generated dataset, worked out here in plain loops over what was sent,
// from the definitions in the issue and the README: never from the server's rollups or services.

const DAY = 86_400_000;
const EXPANSION = new Set(['upgrade', 'addon', 'seats']);
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

export interface Sent {
  events: Event[];
  /** Conversions with the time the server received them. */
  conversions: { body: ConversionInput; at: number; receivedAt: number }[];
  trials: { ruleId: string; variant: string; accountId: string; at: number }[];
  /** Requests to the admins the server created (a repeat by the same person and rule within 24 hours is not one). */
  requests: { ruleId: string; at: number }[];
  visits: Extract<Item, { kind: 'state' }>[];
}

export function sentOf(items: readonly Item[]): Sent {
  const sent: Sent = { events: [], conversions: [], trials: [], requests: [], visits: [] };
  const lastRequest = new Map<string, number>();
  for (const item of items) {
    if (item.kind === 'events') sent.events.push(...item.events);
    else if (item.kind === 'conversion') sent.conversions.push({ body: item.body, at: Date.parse(item.body.at), receivedAt: item.at });
    else if (item.kind === 'trial') sent.trials.push({ ruleId: item.body.ruleId, variant: item.body.variant ?? '', accountId: item.body.accountId, at: item.at });
    else if (item.kind === 'state') sent.visits.push(item);
    else if (item.kind === 'admin') {
      const key = `${item.body.userId}/${item.body.ruleId}`;
      const last = lastRequest.get(key);
      if (last !== undefined && last > item.at - DAY) continue;
      lastRequest.set(key, item.at);
      sent.requests.push({ ruleId: item.body.ruleId, at: item.at });
    }
  }
  return sent;
}

export interface Touch {
  ruleId: string;
  variant: string;
}

/** The prompt a conversion is credited to: the account's latest click in the 14 days up to it, else its latest impression. */
export function touchOf(events: readonly Event[], accountId: string, at: number): Touch | null {
  for (const type of ['click', 'impression']) {
    let best: Event | null = null;
    for (const e of events) {
      if (e.type !== type || e.accountId !== accountId) continue;
      const t = Date.parse(e.at);
      if (t >= at - 14 * DAY && t <= at && (!best || t >= Date.parse(best.at))) best = e;
    }
    if (best && 'ruleId' in best) return { ruleId: best.ruleId, variant: 'variant' in best ? (best.variant ?? '') : '' };
  }
  return null;
}

export interface Stages {
  exposed: number;
  impression: number;
  click: number;
  action: number;
  conversion: number;
}

const zero = (): Stages => ({ exposed: 0, impression: 0, click: 0, action: 0, conversion: 0 });

/** Funnel stages per rule (and per `key` of the event, when given) over the UTC days from..to. */
export function funnel(sent: Sent, from: string, to: string, key?: (e: { variant?: string | undefined }) => string): Map<string, Stages> {
  const out = new Map<string, Stages>();
  const inRange = (ms: number) => dayOf(ms) >= from && dayOf(ms) <= to;
  const at = (rule: string, k: string) => {
    const id = key ? `${rule}/${k}` : rule;
    let s = out.get(id);
    if (!s) out.set(id, (s = zero()));
    return s;
  };
  const k = (v: string | undefined) => (key ? key({ variant: v }) : '');
  for (const e of sent.events) {
    if (!inRange(Date.parse(e.at)) || !('ruleId' in e)) continue;
    const variant = 'variant' in e ? e.variant : undefined;
    if (e.type === 'exposure') at(e.ruleId, k(variant)).exposed++;
    if (e.type === 'impression') at(e.ruleId, k(variant)).impression++;
    if (e.type === 'click') {
      at(e.ruleId, k(variant)).click++;
      if (e.props?.['action'] === 'checkout') at(e.ruleId, k(variant)).action++;
    }
  }
  for (const t of sent.trials) if (inRange(t.at)) at(t.ruleId, k(t.variant || undefined)).action++;
  for (const r of sent.requests) if (inRange(r.at)) at(r.ruleId, k(undefined)).action++;
  for (const c of sent.conversions) {
    if (!EXPANSION.has(c.body.type) || !inRange(c.at)) continue;
    const touch = touchOf(sent.events, c.body.account, c.at);
    if (touch) at(touch.ruleId, k(touch.variant || undefined)).conversion++;
  }
  return out;
}

export interface ArmFigures {
  accounts: number;
  converted: number;
  expansionMrr: number;
  sumSquares: number;
}

/** Per rule and arm: accounts by the arm of their first exposure, and their expansions at or after it. */
export function arms(sent: Sent): Map<string, Map<string, ArmFigures>> {
  const first = new Map<string, { at: number; variant: string; ruleId: string; accountId: string }>();
  for (const e of sent.events) {
    if (e.type !== 'exposure') continue;
    const id = `${e.ruleId}/${e.accountId}`;
    const t = Date.parse(e.at);
    const seen = first.get(id);
    if (!seen || t < seen.at) first.set(id, { at: t, variant: e.variant ?? '', ruleId: e.ruleId, accountId: e.accountId });
  }
  const out = new Map<string, Map<string, ArmFigures>>();
  for (const f of first.values()) {
    let mrr = 0;
    let converted = false;
    for (const c of sent.conversions) {
      if (c.body.account !== f.accountId || !EXPANSION.has(c.body.type) || c.at < f.at) continue;
      mrr += c.body.mrrDelta;
      converted = true;
    }
    const rule = out.get(f.ruleId) ?? new Map<string, ArmFigures>();
    out.set(f.ruleId, rule);
    const arm = rule.get(f.variant) ?? { accounts: 0, converted: 0, expansionMrr: 0, sumSquares: 0 };
    rule.set(f.variant, { accounts: arm.accounts + 1, converted: arm.converted + (converted ? 1 : 0), expansionMrr: arm.expansionMrr + mrr, sumSquares: arm.sumSquares + mrr * mrr });
  }
  return out;
}
