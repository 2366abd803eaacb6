import { allPlaces, copyAt, copyPath, FIELDS, getIn, isObject, type Field, type Json, type Path, type Place } from './places';

/** A deep copy of JSON: edits never touch the object the editor holds. */
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The object at `path` in `root`, made (as `{}`) where missing. */
function ensure(root: Json, path: Path): Json {
  let v: unknown = root;
  for (const k of path) {
    const parent = v as Record<string | number, unknown>;
    if (!isObject(parent[k]) && !Array.isArray(parent[k])) parent[k] = {};
    v = parent[k];
  }
  return v as Json;
}

/** A copy object in the schema's field order, keeping `locales` last. */
const ordered = (c: Json): Json => {
  const out: Json = {};
  for (const f of FIELDS) out[f] = typeof c[f] === 'string' ? c[f] : '';
  for (const [k, v] of Object.entries(c)) if (!(k in out)) out[k] = v;
  return out;
};

/** Drops a `locales` that is left empty, and a variant's `tiers` that is left empty. */
function tidy(rule: Json, place: Place): void {
  const copy = copyAt(rule, place);
  if (copy && isObject(copy.locales) && Object.keys(copy.locales).length === 0) delete copy.locales;
  if (place.variant >= 0) {
    const variant = getIn(rule, ['variants', place.variant]);
    if (isObject(variant) && isObject(variant.tiers) && Object.keys(variant.tiers).length === 0) delete variant.tiers;
  }
}

/**
 * Sets one field of the copy at `place`, in the default language (`locale` '') or a translation.
 * A translation whose three fields are all empty is removed, and `locales` with it when empty.
 */
export function setField(rule: Json, place: Place, locale: string, field: Field, value: string): Json {
  const next = clone(rule);
  const path = copyPath(next, place);
  const existing = getIn(next, path);
  const copy = ensure(next, path);
  if (!isObject(existing)) Object.assign(copy, ordered({}));
  if (!locale) {
    copy[field] = value;
    return next;
  }
  const locales = ensure(copy, ['locales']);
  const tr = ordered({ ...(isObject(locales[locale]) ? locales[locale] : {}), [field]: value });
  if (FIELDS.every((f) => tr[f] === '')) delete locales[locale];
  else locales[locale] = tr;
  tidy(next, place);
  return next;
}

/** Gives a variant copy of its own at `place`, starting from the copy it shows now (the rule's or tier's). */
export function ownCopy(rule: Json, place: Place): Json {
  const next = clone(rule);
  const base = copyAt(next, { tier: place.tier, variant: -1 });
  Object.assign(ensure(next, copyPath(next, place)), ordered(base ? clone(base) : {}));
  return next;
}

/** Removes a variant's own copy at `place`: it shows the rule's or tier's copy again. */
export function dropCopy(rule: Json, place: Place): Json {
  const next = clone(rule);
  const path = copyPath(next, place);
  const parent = getIn(next, path.slice(0, -1));
  if (isObject(parent)) delete parent[path[path.length - 1] as string];
  tidy(next, place);
  return next;
}

/** Removes a language from every copy of the rule. */
export function removeLocale(rule: Json, locale: string): Json {
  const next = clone(rule);
  for (const place of allPlaces(next)) {
    const copy = copyAt(next, place);
    if (copy && isObject(copy.locales)) {
      delete copy.locales[locale];
      tidy(next, place);
    }
  }
  return next;
}
