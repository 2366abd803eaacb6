import { z } from 'zod';
import { Href, Key, Text } from './common';
import { MetricValues } from './context';

export const Metric = z.object({
  id: Key,
  /** Plural noun used in copy: "API calls". */
  name: Text(80),
});
export type Metric = z.infer<typeof Metric>;

export const Feature = z.object({
  id: Key,
  name: Text(80),
  description: Text(500).optional(),
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

/** "What is the natural next step for this plan." */
export const NextStep = z.object({
  from: Key,
  to: Key,
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
    nextSteps: z.array(NextStep).max(100),
  })
  .superRefine((catalog, ctx) => {
    const metrics = uniqueIds(catalog.metrics, 'metrics', ctx);
    const features = uniqueIds(catalog.features, 'features', ctx);
    const plans = uniqueIds(catalog.plans, 'plans', ctx);
    catalog.plans.forEach((plan, i) => {
      // Offers say `plan: "next"` for the catalog's next step, so no plan may be called that.
      if (plan.id === 'next') ctx.addIssue({ code: 'custom', message: '"next" is reserved for the next step', path: ['plans', i, 'id'] });
    });
    catalog.plans.forEach((plan, i) => {
      for (const metric of Object.keys(plan.limits)) {
        if (!metrics.has(metric)) ctx.addIssue({ code: 'custom', message: `unknown metric "${metric}"`, path: ['plans', i, 'limits', metric] });
      }
      plan.features.forEach((feature, j) => {
        if (!features.has(feature)) ctx.addIssue({ code: 'custom', message: `unknown feature "${feature}"`, path: ['plans', i, 'features', j] });
      });
    });
    const from = new Set<string>();
    catalog.nextSteps.forEach((step, i) => {
      for (const end of ['from', 'to'] as const) {
        if (!plans.has(step[end])) ctx.addIssue({ code: 'custom', message: `unknown plan "${step[end]}"`, path: ['nextSteps', i, end] });
      }
      if (step.from === step.to) ctx.addIssue({ code: 'custom', message: 'a plan cannot be its own next step', path: ['nextSteps', i, 'to'] });
      if (from.has(step.from)) ctx.addIssue({ code: 'custom', message: `plan "${step.from}" already has a next step`, path: ['nextSteps', i, 'from'] });
      from.add(step.from);
    });
  });
export type Catalog = z.infer<typeof Catalog>;
