import type { AddOn, Plan } from '../schemas/catalog';
import type { Context } from '../schemas/context';
import type { RuleState, State } from '../schemas/state';
import type { ConfigIndex } from './config-index';
import type { Period } from './period';
import { resolveAttribute } from './attributes';
import type { Fail } from './offer';
import type { Reading } from './usage';

/** What one evaluation shares across its rules: computed once, not once per rule. */
export interface Scope {
  index: ConfigIndex;
  context: Context;
  state: State;
  now: number;
  period: Period;
  /** Effective limits: the context's own, else the plan's plus owned add-ons'. */
  limits: Readonly<Record<string, number>>;
  /** Add-ons the account owns. */
  addons: ReadonlySet<string>;
  /** Features the account has through its plan or add-ons. */
  features: ReadonlySet<string>;
  read: (attr: string) => unknown;
  /** This person's state per rule, as a Map: looked up once per rule per evaluation. */
  rules: ReadonlyMap<string, RuleState>;
  /** Tracked-event times by name, as a Map, for the same reason. */
  counts: ReadonlyMap<string, readonly number[]>;
  /** Values computed at most once per evaluation, on first use. */
  memo: { next?: Plan | AddOn | undefined; age?: number | undefined; contracting?: { metric: string; from: number; to: number } | null; planWith?: Map<string, Plan | undefined>; readings?: Map<string, Reading | Fail> };
}

export function createScope(index: ConfigIndex, context: Context, state: State, now: number, period: Period): Scope {
  const plan = index.plans.get(context.account.plan);
  const limits: Record<string, number> = Object.assign(Object.create(null) as Record<string, number>, plan?.limits);
  const features = new Set(plan?.features);
  const addons = new Set(Array.isArray(context.account.addons) ? context.account.addons : []);
  for (const id of addons) {
    const addon = index.addons.get(id);
    for (const f of addon?.features ?? []) features.add(f);
    for (const [metric, value] of Object.entries(addon?.limits ?? {})) limits[metric] = (limits[metric] ?? 0) + value;
  }
  Object.assign(limits, context.limits);
  const reads = new Map<string, unknown>();

  return {
    index,
    context,
    state,
    now,
    period,
    limits,
    addons,
    features,
    read: (attr) => {
      // Many rules share attributes (plan, role, traits): each is resolved once per evaluation.
      if (!reads.has(attr)) reads.set(attr, resolveAttribute(attr, context, limits, state, now));
      return reads.get(attr);
    },
    memo: {},
    // Only well-formed entries: history read back from a device may have been mangled.
    rules: new Map(Object.entries(state.rules ?? {}).filter(([, r]) => typeof r === 'object' && r !== null)),
    counts: new Map(Object.entries(state.counts ?? {}).filter(([, c]) => Array.isArray(c))),
  };
}
