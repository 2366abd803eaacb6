import { isRef, resolve, type Document, type Ref, type Schema } from './spec';

// How one schema node reads in the tree: its type line and its constraints, as plain strings.

const show = (v: unknown) => JSON.stringify(v);

/** "string (uuid)", "array of Rule", "integer | null", "one of 3", with the `$ref` name where there is one. */
export function typeLabel(doc: Document, schema: Schema | Ref | undefined): string {
  const { value, name } = resolve<Schema>(doc, schema);
  if (!value) return isRef(schema) ? `unresolved ${schema.$ref}` : 'any';
  if (value.const !== undefined) return `constant ${show(value.const)}`;
  const types = Array.isArray(value.type) ? value.type : value.type === undefined ? [] : [value.type];
  const base = types
    .map((t) => (t === 'array' ? `array of ${typeLabel(doc, value.items)}` : t === 'object' && name ? name : value.format && t !== 'null' ? `${t} (${value.format})` : t))
    .join(' | ');
  if (base) return base + (value.nullable ? ' | null' : '');
  if (name) return name;
  if (value.oneOf) return `one of ${value.oneOf.length}`;
  if (value.anyOf) return `any of ${value.anyOf.length}`;
  if (value.allOf) return 'all of';
  if (value.properties) return 'object';
  if (value.enum) return 'enum';
  return 'any';
}

/** Constraints worth a glance: bounds, lengths, pattern, default. */
export function constraints(schema: Schema): string[] {
  const out: string[] = [];
  if (schema.minimum !== undefined && schema.minimum !== Number.MIN_SAFE_INTEGER) out.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) out.push(`> ${schema.exclusiveMinimum}`);
  // zod bounds every integer to the safe range: true, and noise beside every count.
  if (schema.maximum !== undefined && schema.maximum !== Number.MAX_SAFE_INTEGER) out.push(`≤ ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) out.push(`< ${schema.exclusiveMaximum}`);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) out.push(`length ${schema.minLength ?? 0}–${schema.maxLength ?? '∞'}`);
  if (schema.minItems !== undefined || schema.maxItems !== undefined) out.push(`${schema.minItems ?? 0}–${schema.maxItems ?? '∞'} items`);
  // A format (uuid, date-time) says what its generated pattern says, more readably.
  if (schema.pattern !== undefined && schema.format === undefined) out.push(`pattern ${schema.pattern}`);
  if (schema.default !== undefined) out.push(`default ${show(schema.default)}`);
  return out;
}

/** Enum values as a person reads them: `"a"`, `"b"`. */
export const enumText = (values: unknown[]) => values.map(show).join(', ');

/** The fields an object schema has, with `allOf` parts merged in; required ones first named so. */
export function fieldsOf(doc: Document, schema: Schema): { name: string; schema: Schema | Ref; required: boolean }[] {
  const parts = [schema, ...(schema.allOf ?? []).map((p) => resolve<Schema>(doc, p).value).filter((p) => p !== undefined)];
  const required = new Set(parts.flatMap((p) => p.required ?? []));
  const seen = new Map<string, Schema | Ref>();
  for (const part of parts) for (const [name, s] of Object.entries(part.properties ?? {})) seen.set(name, s);
  return [...seen].map(([name, s]) => ({ name, schema: s, required: required.has(name) }));
}

/** The values one property may take in a schema, when it is fixed (`const`) or listed (`enum`). */
function fixedValues(doc: Document, schema: Schema | Ref, property: string): unknown[] | undefined {
  const value = resolve<Schema>(doc, schema).value;
  const field = value?.properties?.[property];
  const prop = field ? resolve<Schema>(doc, field).value : undefined;
  return prop?.const !== undefined ? [prop.const] : prop?.enum;
}

/**
 * Names the alternatives of a union by the property that tells them apart (a discriminator such as
 * `type`): the first property every alternative fixes to a constant or an enum. Undefined when none does.
 */
export function discriminatorLabels(doc: Document, alternatives: (Schema | Ref)[]): string[] | undefined {
  const first = resolve<Schema>(doc, alternatives[0]).value;
  for (const property of Object.keys(first?.properties ?? {})) {
    const values = alternatives.map((alt) => fixedValues(doc, alt, property));
    if (values.every((v) => v !== undefined)) return values.map((v) => `${property}: ${v!.map((x) => JSON.stringify(x)).join(' | ')}`);
  }
  return undefined;
}

/** An alternative with no discriminator, named by its shape: `object { all }` for `{ all: [...] }`. */
export function shapeLabel(doc: Document, schema: Schema | Ref): string {
  const { value, name } = resolve<Schema>(doc, schema);
  const keys = Object.keys(value?.properties ?? {});
  if (name || keys.length === 0) return typeLabel(doc, schema);
  return `object { ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''} }`;
}
