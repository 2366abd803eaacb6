/**
 * Where copy lives in a rule's JSON: the rule's `content` (triggers without tiers) or each usage
 * tier's `content`, and per experiment variant its `content` or `tiers[tierId]`; each with the
 * default language (English) and `locales`. Plain JSON in, paths out: the rule being edited may be
 * incomplete or invalid, so nothing here trusts its shape.
 */

export type Path = readonly (string | number)[];
export const FIELDS = ['title', 'body', 'cta'] as const;
export type Field = (typeof FIELDS)[number];

/** The schema's limits (shared/schemas/rule.ts `Content`); test/admin/rule-content.test.tsx checks they match. */
export const LIMITS: Readonly<Record<Field, number>> = { title: 120, body: 500, cta: 40 };
export const FIELD_LABELS: Readonly<Record<Field, string>> = { title: 'Title', body: 'Body', cta: 'Call to action' };

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at `path`, or undefined. */
export function getIn(root: unknown, path: Path): unknown {
  let v = root;
  for (const k of path) v = isObject(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/** Whether the rule's trigger is a usage ladder, whose copy lives in its tiers. */
export const isLadder = (rule: Json): boolean => isObject(rule.trigger) && rule.trigger.type === 'usage';

/** A usage ladder's tiers as `{id, label}`, or none for other triggers. */
export function tiersOf(rule: Json): { id: string; label: string }[] {
  const t = rule.trigger;
  if (!isObject(t) || t.type !== 'usage' || !Array.isArray(t.tiers)) return [];
  return t.tiers.map((tier: unknown, i) => {
    const id = isObject(tier) && typeof tier.id === 'string' && tier.id ? tier.id : `#${i + 1}`;
    const at = isObject(tier) ? tier.at : undefined;
    const when = isObject(at) ? ('percent' in at ? ` at ${String(at.percent)} %` : 'value' in at ? ` at ${String(at.value)}` : '') : '';
    return { id, label: `Tier ${id}${when}` };
  });
}

export const variantsOf = (rule: Json): string[] =>
  Array.isArray(rule.variants) ? rule.variants.map((v: unknown, i) => (isObject(v) && typeof v.id === 'string' && v.id ? v.id : `#${i + 1}`)) : [];

/** One place copy can live: a tier (index) or the rule, for the rule itself (variant -1) or one variant. */
export interface Place {
  tier: number;
  variant: number;
}

/** Where a place's copy is in the JSON (it may not exist yet). */
export function copyPath(rule: Json, { tier, variant }: Place): Path {
  const tiers = tiersOf(rule);
  const ladder = tiers.length > 0;
  if (variant < 0) return ladder ? ['trigger', 'tiers', tier, 'content'] : ['content'];
  return ladder ? ['variants', variant, 'tiers', tiers[tier]?.id ?? ''] : ['variants', variant, 'content'];
}

/** A place's name for people: `tier t85`, `variant b, tier t85`, `the rule's copy`. */
export function placeName(rule: Json, { tier, variant }: Place): string {
  const tiers = tiersOf(rule);
  const t = tiers.length ? `tier ${tiers[tier]?.id ?? ''}` : '';
  const v = variant >= 0 ? `variant ${variantsOf(rule)[variant] ?? ''}` : '';
  return [v, t].filter(Boolean).join(', ') || 'the rule’s copy';
}

/** Every place of the rule: each tier (or the rule) for the rule itself and for each variant. */
export function allPlaces(rule: Json): Place[] {
  const tiers = Math.max(1, tiersOf(rule).length);
  const out: Place[] = [];
  for (let variant = -1; variant < variantsOf(rule).length; variant++) for (let tier = 0; tier < tiers; tier++) out.push({ tier, variant });
  return out;
}

/** The copy object at a place, when there is one. */
export const copyAt = (rule: Json, place: Place): Json | undefined => {
  const c = getIn(rule, copyPath(rule, place));
  return isObject(c) ? c : undefined;
};

/** The languages any copy of the rule has a translation for, sorted. */
export function localesOf(rule: Json): string[] {
  const out = new Set<string>();
  for (const place of allPlaces(rule)) {
    const locales = copyAt(rule, place)?.locales;
    if (isObject(locales)) for (const l of Object.keys(locales)) out.add(l);
  }
  return [...out].sort();
}

/** The dotted path of a field, as the server reports it: `trigger.tiers.1.content.locales.de.title`. */
export const fieldPath = (rule: Json, place: Place, locale: string, field: Field): string => [...copyPath(rule, place), ...(locale ? ['locales', locale] : []), field].join('.');
