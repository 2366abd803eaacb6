import type { Catalog } from '../../../../shared/schemas/catalog';

// The catalog's reference and shape checks, zod-free so the console can run them on every keystroke
// (the page's CSP forbids zod). Paths are the server's, so a field shows the server's message in the
// same place after a save; test/admin/catalog-checks.test.ts holds them to the schema's verdicts.

/** `Key` in shared/schemas/common.ts. */
export const KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
/** `Locale` in shared/schemas/common.ts. */
export const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
const CURRENCY = /^[A-Z]{3}$/;
const HREF = /^(https?:\/\/[^\s]+|\/(?!\/)[^\s\\]*)$/i;

type Problems = Record<string, string>;

const idProblem = (id: string): string | null => (id === '' ? 'Enter an id.' : KEY.test(id) ? null : 'Use 1-64 letters, digits, "_", ".", ":" or "-", starting with a letter or digit.');
const textProblem = (v: unknown, max: number, required: boolean): string | null =>
  v === undefined ? (required ? 'Enter a name.' : null) : typeof v !== 'string' || v === '' ? (required ? 'Enter a name.' : 'Leave it empty or enter some text.') : v.length > max ? `Use at most ${max} characters.` : null;
const hrefProblem = (v: unknown): string | null => (v === undefined || (typeof v === 'string' && HREF.test(v.trim())) ? null : 'Enter an http(s) URL or a path starting with "/".');
const amountProblem = (v: unknown): string | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'Enter a number, 0 or more.');

/** Every problem of the catalog that the console can see without the server, by the server's field path. */
export function catalogProblems(c: Catalog): Problems {
  const out: Problems = {};
  const put = (path: (string | number)[], problem: string | null) => {
    if (problem && !(path.join('.') in out)) out[path.join('.')] = problem;
  };
  const unique = (list: readonly { id: string }[], kind: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      put([kind, i, 'id'], idProblem(item.id) ?? (seen.has(item.id) ? `Another entry already has the id "${item.id}".` : null));
      seen.add(item.id);
    });
    return seen;
  };
  const locales = (path: (string | number)[], record: Record<string, Record<string, unknown>> | undefined, fields: Record<string, number>) => {
    for (const [code, t] of Object.entries(record ?? {})) {
      if (!LOCALE.test(code)) put([...path, code], `"${code}" is not a language tag such as "de" or "de-CH".`);
      for (const [field, max] of Object.entries(fields)) put([...path, code, field], textProblem(t[field], max, field === 'name'));
    }
  };

  const metrics = unique(c.metrics, 'metrics');
  const features = unique(c.features, 'features');
  const plans = unique(c.plans, 'plans');
  const addons = unique(c.addons ?? [], 'addons');
  if (!c.plans.length) put(['plans'], 'Add at least one plan.');
  c.metrics.forEach((m, i) => {
    put(['metrics', i, 'name'], textProblem(m.name, 80, true));
    put(['metrics', i, 'unit'], textProblem(m.unit, 40, false));
    locales(['metrics', i, 'locales'], m.locales, { name: 80, unit: 40 });
  });
  c.features.forEach((f, i) => {
    put(['features', i, 'name'], textProblem(f.name, 80, true));
    put(['features', i, 'description'], textProblem(f.description, 500, false));
    put(['features', i, 'quote'], textProblem(f.quote, 300, false));
    if (f.trialDays !== undefined && !(Number.isInteger(f.trialDays) && f.trialDays >= 1 && f.trialDays <= 90)) put(['features', i, 'trialDays'], 'Enter whole days from 1 to 90.');
    locales(['features', i, 'locales'], f.locales, { name: 80, description: 500, quote: 300 });
  });
  const offers: [string, Catalog['plans'] | NonNullable<Catalog['addons']>][] = [['plans', c.plans], ['addons', c.addons ?? []]];
  for (const [kind, list] of offers) {
    list.forEach((o, i) => {
      put([kind, i, 'name'], textProblem(o.name, 80, true));
      if (kind === 'plans' && o.id === 'next') put([kind, i, 'id'], '"next" is reserved for the next step.');
      if (kind === 'addons' && plans.has(o.id)) put([kind, i, 'id'], `"${o.id}" is already a plan; next steps need distinct ids.`);
      for (const [metric, value] of Object.entries(o.limits ?? {})) {
        put([kind, i, 'limits', metric], !metrics.has(metric) ? `The catalog has no metric "${metric}".` : amountProblem(value));
      }
      o.features.forEach((f, j) => put([kind, i, 'features', j], features.has(f) ? null : `The catalog has no feature "${f}".`));
      if (o.price) {
        put([kind, i, 'price', 'amount'], amountProblem(o.price.amount));
        put([kind, i, 'price', 'currency'], CURRENCY.test(o.price.currency) ? null : 'Enter a currency code such as USD.');
      }
      put([kind, i, 'checkoutUrl'], hrefProblem(o.checkoutUrl));
    });
  }
  const fallback = new Set<string>();
  c.nextSteps.forEach((s, i) => {
    put(['nextSteps', i, 'from'], plans.has(s.from) ? null : s.from ? `The catalog has no plan "${s.from}".` : 'Choose a plan.');
    put(['nextSteps', i, 'to'], !plans.has(s.to) && !addons.has(s.to) ? (s.to ? `The catalog has no plan or add-on "${s.to}".` : 'Choose a plan or add-on.') : s.from === s.to ? 'A plan cannot be its own next step.' : null);
    if (!s.segment) {
      if (fallback.has(s.from)) put(['nextSteps', i, 'from'], `Plan "${s.from}" already has a next step for everyone else.`);
      fallback.add(s.from);
    }
  });
  put(['salesUrl'], hrefProblem(c.salesUrl));
  return out;
}
