import { formatsFor } from './format';
import { own } from './own';
import { DAY } from './period';
import { renderTemplate, withParams, type TemplateVars } from './template';
import type { Picked, Prompt } from './types';
import type { Wording } from './wording';

const rendered = new WeakMap<Picked, Prompt | null>();

/**
 * A decided prompt with its words: the copy filled in with the person's own numbers in their
 * language, the offer with its safe link, and the usage meter, from what `decide()` kept for it
 * (`wording.get(p)`: passed in, as upshift-ui.js renders what upshift.js decided). Each prompt is
 * worded once. Null without its wording, or when its words cannot be made.
 */
export function render(p: Picked, w: Wording | undefined): Prompt | null {
  let out = rendered.get(p);
  if (out === undefined) {
    try {
      out = w ? word(p, w) : null;
    } catch {
      out = null;
    }
    rendered.set(p, out);
  }
  return out;
}

/** The translation of a catalog entry for a locale, as copy picks it: `de-CH`, else `de`, else none. */
const local = <L>(x: { locales?: Record<string, L> | undefined } | undefined, locale: string | undefined): L | undefined =>
  own(x?.locales, locale) ?? own(x?.locales, locale?.split('-')[0]);

/**
 * What a decided prompt's copy can name (`{{usage.seats}}`, `{{plan.name}}`, …), with the offer and
 * usage reading they come from, in the reader's language. The console lists a rule's template
 * variables from these very values.
 */
export function wordParts(p: Picked, { c, config, scope, feature: source }: Wording) {
  const { rule, hit, offer, variant } = c;
  const { context, index, now } = scope;
  const locale = context.user.locale;
  const t = rule.trigger;
  // The feature in the reader's language: its name, description and quote.
  const feature = source && { ...source, ...local(source, locale) };
  const item = offer.type === 'trial' ? feature : offer.item;
  const plan = offer.type === 'upgrade' ? offer.item : offer.plan;
  // Trials have no item, so no link.
  const link = offer.type === 'contact_sales' ? config.catalog.salesUrl : offer.item?.checkoutUrl;
  const o: Prompt['offer'] = {
    type: offer.type,
    ...(item && { id: item.id, name: item.name }),
    ...(plan && { plan: { id: plan.id, name: plan.name } }),
    ...(offer.days && { days: offer.days }),
    ...(link && { href: withParams(link, { upshift_rule: rule.id, upshift_variant: variant, upshift_tier: p.tier }) }),
  };
  const r = hit.reading;
  const limited = r && r.limit > 0;
  const percent = r && Math.floor(r.percent);
  // Looked up here, once per prompt worded: the index the engine decides with carries no metrics.
  const metric = r && config.catalog.metrics.find((m) => m.id === r.metric);
  const ml = local(metric, locale);
  const name = r && (ml?.name ?? metric?.name ?? r.metric);
  // The meter counts in the unit; a translated name outranks an untranslated unit.
  const unit = ml ? (ml.unit ?? ml.name) : (metric?.unit ?? name);
  // A reading is always of the trigger's own metric.
  const f = own(scope.state.forecast, 'metric' in t ? t.metric : undefined);
  const days = f && Math.round(f.days);
  const { number, percent: ratio, date } = formatsFor(locale);
  // Constant keys first, so the engine builds the object from one template; spreads after.
  const vars = {
    plan: { id: context.account.plan, name: index.plans.get(context.account.plan)?.name ?? context.account.plan },
    offer: o,
    feature,
    // `{{usage.seats}}` reads any metric, `{{usage}}` the rule's own (see TemplateVars).
    usage: context.usage,
    limits: scope.limits,
    '': { usage: r?.usage },
    metric: name,
    ...hit.vars,
    ...(limited && { limit: r.limit, remaining: Math.max(0, r.limit - r.usage), percent: ratio.format(percent! / 100) }),
    // Formatting a date is slow, and most copy names none: only when read.
    ...(f?.confident && {
      forecast: {
        days,
        weeks: f.weeks,
        get date() {
          // A forecast beyond what a Date can hold (a state passed to /v1/decide) is no date.
          const at = new Date(now + days! * DAY);
          return Number.isNaN(at.getTime()) ? '' : date.format(at);
        },
      },
    }),
  } as TemplateVars;
  return { vars, o, r, name, unit, feature, limited, percent, number };
}

function word(p: Picked, w: Wording): Prompt {
  const { rule, hit } = w.c;
  const { vars, o, r, name, unit, feature, limited, percent, number } = wordParts(p, w);
  const copy = w.copy;
  const fill = (text: string) => renderTemplate(text, vars, number.format);
  return {
    ...p,
    tone: hit.tier?.tone ?? rule.tone ?? 'recommend',
    ...(rule.surface === 'banner' && { position: rule.position ?? 'bottom' }),
    content: { title: fill(copy.title), body: fill(copy.body), cta: fill(copy.cta) },
    offer: o,
    ...(feature && { feature }),
    // `unit` only where the meter counts in something other than the name.
    ...(r && { metric: { id: r.metric, name: name!, ...(unit !== name && { unit: unit! }), usage: r.usage, ...(limited && { limit: r.limit, percent: percent! }) } }),
  };
}
