import type { ConversionType } from '../../shared/schemas/conversion';
import { planMrr, type SimAccount } from './accounts';
import { PLAN_LIMITS, PLANS, type PlanId } from './content';
import type { Item } from './items';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const next = (plan: PlanId): PlanId | null => PLANS[PLANS.indexOf(plan) + 1] ?? null;
const previous = (plan: PlanId): PlanId | null => PLANS[PLANS.indexOf(plan) - 1] ?? null;

/**
 * An account's revenue changes as the host reports them: POST /v1/conversions (with `new` for the
 * first MRR), or Stripe subscription events for Stripe-billed accounts. One change in 25 arrives
 * late (1 to 10 days), so some reach the server after later ones.
 */
export class Revenue {
  private readonly pending = new Map<number, Item[]>();
  private readonly counts = new Map<number, number>();

  constructor(private readonly end: number) {}

  private report(a: SimAccount, type: ConversionType, delta: number, at: number, out: Item[]): void {
    if (delta === 0 || at >= this.end) return;
    const n = (this.counts.get(a.index) ?? 0) + 1;
    this.counts.set(a.index, n);
    const late = a.rand() < 0.04 ? Math.floor((1 + a.rand() * 9) * DAY) : 0;
    const arrival = Math.max(at, Math.min(this.end - 2 * HOUR, at + late));
    const item: Item = a.stripe
      ? { kind: 'subscription', at: arrival, change: { eventId: `evt_${a.id}_${n}`, subscriptionId: `sub_${a.id}`, accountId: a.id, mrr: a.mrr, before: a.mrr - delta, deleted: a.mrr === 0, plan: a.plan, at } }
      : { kind: 'conversion', at: arrival, body: { account: a.id, type, mrrDelta: delta, currency: 'USD', plan: a.plan, at: new Date(at).toISOString(), idempotencyKey: `${a.id}-${n}` } };
    out.push(item);
  }

  /** The first MRR, once the account exists (an account from before the range imports it at its creation). */
  open(a: SimAccount, from: number, out: Item[]): void {
    if (a.paying || a.createdAt >= from + 31 * DAY) return;
    a.paying = true;
    a.mrr = planMrr(a);
    this.report(a, 'new', a.mrr, a.createdAt + HOUR, out);
  }

  /** An expansion at `at`: the next plan (seats on the top plan), a seat pack, or an add-on. */
  expand(a: SimAccount, at: number, kind: 'upgrade' | 'seats' | 'addon', out: Item[]): void {
    if (a.churned || !a.paying) return;
    const before = a.mrr;
    const plan = kind === 'upgrade' ? next(a.plan) : null;
    let type: ConversionType = kind;
    if (plan) {
      a.usage *= PLAN_LIMITS[a.plan].api_calls / PLAN_LIMITS[plan].api_calls;
      a.plan = plan;
    } else if (kind === 'addon') {
      a.addonMrr += 2000;
    } else {
      a.seatPacks++;
      type = 'seats';
    }
    a.mrr = planMrr(a);
    this.report(a, type, a.mrr - before, at, out);
  }

  /** A day's chance of an expansion without any prompt, a downgrade, or churn. */
  background(a: SimAccount, day: number, out: Item[]): void {
    if (!a.paying || a.churned) return;
    const r = a.rand();
    const at = day + (10 + a.rand() * 8) * HOUR;
    if (r < 0.0007) this.expand(a, at, a.rand() < 0.5 ? 'upgrade' : 'addon', out);
    else if (r < 0.0011) this.contract(a, at, out);
    else if (r < 0.0016) {
      a.churned = true;
      const before = a.mrr;
      a.mrr = 0;
      this.report(a, 'churn', -before, at, out);
    }
  }

  private contract(a: SimAccount, at: number, out: Item[]): void {
    const before = a.mrr;
    const plan = previous(a.plan);
    if (a.seatPacks > 0) a.seatPacks--;
    else if (a.addonMrr > 0) a.addonMrr = 0;
    else if (plan) a.plan = plan;
    else return;
    a.mrr = planMrr(a);
    this.report(a, 'downgrade', a.mrr - before, at, out);
  }

  /** Back from churn: paying its plan again (reported as an upgrade; the movement is a reactivation). */
  reactivate(a: SimAccount, at: number, out: Item[]): void {
    a.churned = false;
    a.mrr = planMrr(a);
    this.report(a, 'upgrade', a.mrr, at, out);
  }

  /** The account's items arriving before `to`, in order of arrival; later ones wait for their month. */
  due(a: SimAccount, to: number, items: readonly Item[]): Item[] {
    const all = [...(this.pending.get(a.index) ?? []), ...items].sort((x, y) => x.at - y.at);
    const now = all.filter((i) => i.at < to);
    const later = all.filter((i) => i.at >= to);
    if (later.length) this.pending.set(a.index, later);
    else this.pending.delete(a.index);
    return now;
  }
}
