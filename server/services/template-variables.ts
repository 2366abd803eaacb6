import { indexConfig } from '../../shared/engine/config-index';
import { formatsFor } from '../../shared/engine/format';
import { billingPeriod } from '../../shared/engine/period';
import { createScope } from '../../shared/engine/scope';
import { renderTemplate, type TemplateVars } from '../../shared/engine/template';
import type { Config } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import type { TemplateVariable } from '../../shared/schemas/customer';
import type { State } from '../../shared/schemas/state';

/** How deep a variable path goes: `offer.plan.name` is three. */
const MAX_DEPTH = 3;

/**
 * Every path a template can name in `vars`, with the text `{{path}}` renders for this person (the
 * engine's own `renderTemplate`, numbers in their locale). `usage`, which a ladder's copy names on
 * its own, shows the rule's reading.
 */
export function variablesOf(vars: TemplateVars, locale: string | undefined): TemplateVariable[] {
  const format = formatsFor(locale).number.format;
  const out: TemplateVariable[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (typeof value === 'string' || typeof value === 'number') {
      const name = path.join('.');
      out.push({ path: name, text: renderTemplate(`{{${name}}}`, vars, format) });
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && path.length < MAX_DEPTH) {
      if (path.length && Object.hasOwn(vars[''] as object ?? {}, path.join('.'))) walk((vars[''] as TemplateVars)[path.join('.')], path);
      for (const key of Object.keys(value)) if (key !== '' && /^[\w:-]+$/.test(key)) walk((value as Record<string, unknown>)[key], [...path, key]);
    }
  };
  walk(vars, []);
  return out;
}

/** What every rule's copy can read about the account, before any rule shows: its plan, usage and limits. */
export function accountVariables(config: Config, context: Context, state: State, now: number): TemplateVariable[] {
  const index = indexConfig(config);
  const scope = createScope(index, context, state, now, billingPeriod(now, Date.parse(context.account.periodStart as string)));
  const { plan } = context.account;
  const vars: TemplateVars = { plan: { id: plan, name: index.plans.get(plan)?.name ?? plan }, usage: { ...context.usage }, limits: { ...scope.limits } };
  return variablesOf(vars, context.user.locale);
}
