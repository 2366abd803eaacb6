import type { Catalog } from '../../../../../shared/schemas/catalog';

/** An attribute a condition can name, with how its value reads (which picks the value input and operators). */
export interface AttributeOption {
  attr: string;
  label: string;
  kind: 'string' | 'number' | 'boolean' | 'date' | 'semver' | 'list' | 'unknown';
}

/** The engine's fixed attributes (`FIXED` in shared/engine/attributes.ts), in the words of the console. */
const FIXED: readonly AttributeOption[] = [
  { attr: 'account.plan', label: 'Plan', kind: 'string' },
  { attr: 'account.id', label: 'Account id', kind: 'string' },
  { attr: 'account.ageDays', label: 'Account age in days', kind: 'number' },
  { attr: 'account.createdAt', label: 'Account created', kind: 'date' },
  { attr: 'account.periodStart', label: 'Billing period start', kind: 'date' },
  { attr: 'account.health', label: 'Account health score', kind: 'number' },
  { attr: 'account.readiness', label: 'Expansion readiness (0–100)', kind: 'number' },
  { attr: 'user.id', label: 'User id', kind: 'string' },
  { attr: 'user.role', label: 'User role', kind: 'string' },
  { attr: 'user.locale', label: 'User locale', kind: 'string' },
  { attr: 'page.path', label: 'Page path', kind: 'string' },
  { attr: 'page.url', label: 'Page URL', kind: 'string' },
  { attr: 'page.title', label: 'Page title', kind: 'string' },
];

/**
 * Every attribute the engine knows for this catalog: the fixed ones, then per metric its usage,
 * limit, usage as a percentage of the limit and forecast days to the limit, then each feature's
 * trial state (`active`, `ended` or `none`). Custom traits (`account.traits.x`) are typed freely.
 */
export function attributesFor(catalog: Catalog | null): AttributeOption[] {
  const metrics = (catalog?.metrics ?? []).flatMap((m): AttributeOption[] => [
    { attr: `usage.${m.id}`, label: `${m.name}: usage`, kind: 'number' },
    { attr: `limits.${m.id}`, label: `${m.name}: limit`, kind: 'number' },
    { attr: `ratio.${m.id}`, label: `${m.name}: % of limit used`, kind: 'number' },
    { attr: `forecast.${m.id}.days`, label: `${m.name}: days until the limit (forecast)`, kind: 'number' },
  ]);
  const trials = (catalog?.features ?? []).map((f): AttributeOption => ({ attr: `trial.${f.id}`, label: `${f.name}: trial (active, ended, none)`, kind: 'string' }));
  return [...FIXED, ...metrics, ...trials];
}

/** Custom traits, which the engine takes under any name (`attributeType` in shared/engine/attributes.ts). */
const TRAIT = /^(user|account)\.traits\.[^.]{1,64}$/;
/** A trial's state by id; the engine takes any id here. */
const TRIAL = /^trial\.[^.]{1,64}$/;

/** How a typed attribute reads: its option, a custom trait (`unknown` kind, any value), or null when the engine does not know it. */
export function attributeOf(attr: string, attributes: readonly AttributeOption[]): AttributeOption | null {
  const known = attributes.find((a) => a.attr === attr);
  if (known) return known;
  if (TRAIT.test(attr)) return { attr, label: attr, kind: 'unknown' };
  return TRIAL.test(attr) ? { attr, label: attr, kind: 'string' } : null;
}
