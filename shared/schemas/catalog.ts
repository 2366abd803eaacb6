import { z } from 'zod';
import { Href, Key, Locale, safeRecord, Text } from './common';
import { Audience, conditionDepthProblem } from './condition';
import { MetricValues } from './context';

export const Metric = z.object({
  id: Key,
  /** Plural noun used in copy: "API calls". */
  name: Text(80),
  /** What the usage meter counts in ("4 of 5 seats"), when it is not the name. */
  unit: Text(40).optional(),
  /** The name and unit per reader's locale (`de`, `de-CH`), chosen as copy is: `de-CH`, else `de`, else these defaults. */
  locales: safeRecord(Locale, z.object({ name: Text(80), unit: Text(40).optional() }), 40).optional(),
});
export type Metric = z.infer<typeof Metric>;

export const Feature = z.object({
  id: Key,
  name: Text(80),
  description: Text(500).optional(),
  /** A customer's words about it, for the explanation panel. */
  quote: Text(300).optional(),
  /** Name, description and quote per reader's locale, chosen as copy is (`de-CH`, else `de`, else these defaults). */
  locales: safeRecord(Locale, z.object({ name: Text(80), description: Text(500).optional(), quote: Text(300).optional() }), 40).optional(),
  /** The trial length, in days, a new trial offer of this feature starts from in the console. */
  trialDays: z.number().int().min(1).max(90).optional(),
});
export type Feature = z.infer<typeof Feature>;

export const Price = z.object({
  amount: z.number().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"'),
  interval: z.enum(['month', 'year']),
});
export type Price = z.infer<typeof Price>;

export const Plan = z.object({
  id: Key,
  name: Text(80),
  limits: MetricValues,
  features: z.array(Key).max(200),
  price: Price.optional(),
  /** Where an upgrade to this plan happens; attribution parameters are appended. */
  checkoutUrl: Href.optional(),
});
export type Plan = z.infer<typeof Plan>;

/** Something bought on top of a plan: features, or more of a limit (a seat pack raises `seats`). */
export const AddOn = z.object({
  id: Key,
  name: Text(80),
  features: z.array(Key).max(200),
  /** Added to the plan's limits while the account owns it. */
  limits: MetricValues.optional(),
  price: Price.optional(),
  checkoutUrl: Href.optional(),
});
export type AddOn = z.infer<typeof AddOn>;

/**
 * "What is the natural next step for this plan": a plan or an add-on. Several steps may start from
 * one plan, each for a segment; the first whose segment matches wins, and one without a segment is
 * the fallback.
 */
export const NextStep = z.object({
  from: Key,
  to: Key,
  segment: z.custom<unknown>((v) => conditionDepthProblem(v) === null, { error: 'conditions nest at most 8 levels deep' }).pipe(Audience).optional(),
});
export type NextStep = z.infer<typeof NextStep>;

/** Ids within `items` must be unique; reports each duplicate at its own path. */
function uniqueIds(items: readonly { id: string }[], path: string, ctx: z.RefinementCtx): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) ctx.addIssue({ code: 'custom', message: `duplicate id "${item.id}"`, path: [path, i, 'id'] });
    seen.add(item.id);
  });
  return seen;
}

export const Catalog = z
  .object({
    metrics: z.array(Metric).max(100),
    features: z.array(Feature).max(500),
    plans: z.array(Plan).min(1).max(100),
    addons: z.array(AddOn).max(100).optional(),
    nextSteps: z.array(NextStep).max(200),
    /** Where "contact sales" offers lead. */
    salesUrl: Href.optional(),
  })
  .superRefine((catalog, ctx) => {
    const metrics = uniqueIds(catalog.metrics, 'metrics', ctx);
    const features = uniqueIds(catalog.features, 'features', ctx);
    const plans = uniqueIds(catalog.plans, 'plans', ctx);
    const addons = uniqueIds(catalog.addons ?? [], 'addons', ctx);
    catalog.plans.forEach((plan, i) => {
      // Offers say `plan: "next"` for the catalog's next step, so no plan may be called that.
      if (plan.id === 'next') ctx.addIssue({ code: 'custom', message: '"next" is reserved for the next step', path: ['plans', i, 'id'] });
    });
    (catalog.addons ?? []).forEach((addon, i) => {
      if (plans.has(addon.id)) ctx.addIssue({ code: 'custom', message: `"${addon.id}" is already a plan; next steps need distinct ids`, path: ['addons', i, 'id'] });
    });
    const items: [string, { limits?: Record<string, number> | undefined; features: string[] }[]][] = [['plans', catalog.plans], ['addons', catalog.addons ?? []]];
    for (const [kind, list] of items) {
      list.forEach((item, i) => {
        for (const metric of Object.keys(item.limits ?? {})) {
          if (!metrics.has(metric)) ctx.addIssue({ code: 'custom', message: `unknown metric "${metric}"`, path: [kind, i, 'limits', metric] });
        }
        item.features.forEach((feature, j) => {
          if (!features.has(feature)) ctx.addIssue({ code: 'custom', message: `unknown feature "${feature}"`, path: [kind, i, 'features', j] });
        });
      });
    }
    const fallback = new Set<string>();
    catalog.nextSteps.forEach((step, i) => {
      if (!plans.has(step.from)) ctx.addIssue({ code: 'custom', message: `unknown plan "${step.from}"`, path: ['nextSteps', i, 'from'] });
      if (!plans.has(step.to) && !addons.has(step.to)) ctx.addIssue({ code: 'custom', message: `unknown plan or add-on "${step.to}"`, path: ['nextSteps', i, 'to'] });
      if (step.from === step.to) ctx.addIssue({ code: 'custom', message: 'a plan cannot be its own next step', path: ['nextSteps', i, 'to'] });
      if (!step.segment) {
        if (fallback.has(step.from)) ctx.addIssue({ code: 'custom', message: `plan "${step.from}" already has a next step without a segment`, path: ['nextSteps', i, 'from'] });
        fallback.add(step.from);
      }
    });
  });
export type Catalog = z.infer<typeof Catalog>;
