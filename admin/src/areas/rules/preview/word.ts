import { pickCopy } from '../../../../../shared/engine/content';
import { indexConfig } from '../../../../../shared/engine/config-index';
import { resolveOffer, type ResolvedOffer } from '../../../../../shared/engine/offer';
import { billingPeriod } from '../../../../../shared/engine/period';
import { render, wordParts } from '../../../../../shared/engine/render';
import { createScope, type Scope } from '../../../../../shared/engine/scope';
import type { TemplateVars } from '../../../../../shared/engine/template';
import type { Hit } from '../../../../../shared/engine/triggers';
import type { Picked, Prompt } from '../../../../../shared/engine/types';
import { readMetric } from '../../../../../shared/engine/usage';
import type { Wording } from '../../../../../shared/engine/wording';
import type { Catalog } from '../../../../../shared/schemas/catalog';
import type { Config } from '../../../../../shared/schemas/config';
import type { Context } from '../../../../../shared/schemas/context';
import type { Rule, Tier } from '../../../../../shared/schemas/rule';
import type { Settings } from '../../../../../shared/schemas/settings';
import type { State } from '../../../../../shared/schemas/state';
import { widgetStrings } from '../../../../../shared/strings';

/** Which copy of a rule to word: a ladder tier's (by id), a variant's, a language's. Absent: the first tier, the rule's own copy, the default language. */
export interface Pick {
  tier?: string | undefined;
  variant?: string | undefined;
  locale?: string | undefined;
}

/** The days until the limit the preview assumes, so `{{forecast.date}}` and friends have a value: previews have no usage history. */
export const PREVIEW_FORECAST_DAYS = 21;

/** A worded prompt with the config it was worded from (its catalog, settings and the widget's strings), its template variables, and notes on what the account lacks. */
export type Worded = { ok: true; prompt: Prompt; config: Config; vars: TemplateVars; notes: string[] } | { ok: false; problem: string };

const EMPTY_CATALOG = { metrics: [], features: [], plans: [], addons: [], nextSteps: [] } as unknown as Catalog;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the rule's trigger tells the wording, as if it had fired for this account at the picked tier. */
function hitFor(rule: Rule, tier: Tier | undefined, index: number, scope: Scope, notes: string[]): Hit {
  const t = rule.trigger;
  if (t.type === 'usage' || t.type === 'forecast') {
    const percent = t.type === 'forecast' || (tier !== undefined && isObject(tier.at) && 'percent' in tier.at);
    const r = readMetric(t.metric, scope.context, scope.limits, scope.index, percent);
    if ('code' in r) notes.push(`The previewed account has no ${r.code === 'usage.no_reading' ? 'reading' : 'limit'} of "${t.metric}": its numbers show empty.`);
    const reading = 'code' in r ? undefined : r;
    if (t.type === 'forecast') return { reading, vars: { days: PREVIEW_FORECAST_DAYS } };
    return tier ? { tier, index, reading } : { reading };
  }
  if (t.type === 'event') return { vars: { count: t.count } };
  if (t.type === 'milestone') {
    const value = scope.read(t.attr);
    return { vars: { value: typeof value === 'number' ? value : t.at } };
  }
  return { asked: true };
}

/**
 * One rule's prompt as the widget would word it for `context`: the same engine code (offer, copy
 * choice, templating, number formats) as upshift.js and upshift-ui.js, shown for any tier, variant
 * and language whatever the account's usage (the preview does not decide, it words). Also returns
 * the template variables the copy can name, with this account's values.
 */
export function wordRule(json: Record<string, unknown>, catalog: Catalog | null, settings: Settings | null, pick: Pick, context: Context, now: number): Worded {
  if (!isObject(json.trigger) || typeof json.trigger.type !== 'string' || !isObject(json.offer) || typeof json.offer.type !== 'string') {
    return { ok: false, problem: 'Choose a trigger and an offer to see the preview.' };
  }
  const rule = { id: 'rule', surface: 'banner', ...json } as Rule;
  const notes: string[] = [];
  try {
    const config = { schemaVersion: 2, version: 1, publishedAt: new Date(now).toISOString(), catalog: catalog ?? EMPTY_CATALOG, rules: [rule], ...(settings && { settings }), strings: widgetStrings(settings?.strings ?? {}) } as Config;
    const index = indexConfig(config);
    const t = rule.trigger;
    const metric = 'metric' in t ? t.metric : undefined;
    const state: State = metric ? { rules: {}, forecast: { [metric]: { perDay: 1, days: PREVIEW_FORECAST_DAYS, low: PREVIEW_FORECAST_DAYS, high: PREVIEW_FORECAST_DAYS, confident: true, weeks: 3 } } } : { rules: {} };
    const ctx: Context = pick.locale ? { ...context, user: { ...context.user, locale: pick.locale } } : context;
    const scope = createScope(index, ctx, state, now, billingPeriod(now, Date.parse(String(ctx.account.periodStart))));
    const tiers = t.type === 'usage' && Array.isArray(t.tiers) ? t.tiers : [];
    const at = Math.max(0, tiers.findIndex((x) => x.id === pick.tier));
    const tier = tiers[at];
    if (t.type === 'usage' && !tier) return { ok: false, problem: 'Add a tier to see the preview.' };
    const hit = hitFor(rule, tier, at, scope, notes);
    const resolved = resolveOffer(rule.offer, scope, false);
    let offer: ResolvedOffer = { type: rule.offer.type };
    if ('code' in resolved) notes.push(`The offer does not resolve for this account (${resolved.code}): it shows without its name or link.`);
    else offer = resolved;
    const variant = rule.variants?.some((v) => v.id === pick.variant) ? pick.variant : undefined;
    const copy = pickCopy(rule, tier, variant, pick.locale);
    if (!copy) return { ok: false, problem: 'This rule has no copy yet.' };
    const feature = index.features.get(t.type === 'feature' ? t.feature : (offer.feature ?? ''));
    const p: Picked = {
      ruleId: rule.id,
      surface: rule.surface,
      configVersion: 1,
      ...(tier && { tier: tier.id }),
      ...(variant && { variant }),
      ...(rule.surface === 'inline' && rule.slot && { slot: rule.slot }),
      ...(feature && { feature }),
    };
    const w: Wording = { c: { rule, hit, offer, variant }, config, scope, copy: { title: String(copy.title ?? ''), body: String(copy.body ?? ''), cta: String(copy.cta ?? '') }, feature };
    const prompt = render(p, w);
    if (!prompt) return { ok: false, problem: 'The copy cannot be worded yet.' };
    return { ok: true, prompt, config, vars: wordParts(p, w).vars, notes };
  } catch {
    return { ok: false, problem: 'The rule is not complete enough to preview yet.' };
  }
}
