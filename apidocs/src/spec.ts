// The part of an OpenAPI 3.1 document this page reads, and plain functions over it: no DOM, so the
// unit tests read them as they are. The document is JSON from our own server; these types describe
// what the page relies on, and `asDocument` checks the little it cannot do without.

export interface Ref {
  $ref: string;
}

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it), the keywords this page shows. */
export interface Schema {
  type?: string | string[];
  format?: string;
  description?: string;
  title?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema | Ref>;
  required?: string[];
  additionalProperties?: boolean | Schema | Ref;
  items?: Schema | Ref;
  oneOf?: (Schema | Ref)[];
  anyOf?: (Schema | Ref)[];
  allOf?: (Schema | Ref)[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  nullable?: boolean;
}

export interface Example {
  summary?: string;
  value?: unknown;
}

export interface MediaType {
  schema?: Schema | Ref;
  example?: unknown;
  examples?: Record<string, Example | Ref>;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  description?: string;
  required?: boolean;
  schema?: Schema | Ref;
  example?: unknown;
}

export interface RequestBody {
  description?: string;
  required?: boolean;
  content?: Record<string, MediaType>;
}

export interface Response {
  description?: string;
  headers?: Record<string, { description?: string; schema?: Schema | Ref } | Ref>;
  content?: Record<string, MediaType>;
}

export type SecurityRequirement = Record<string, string[]>;

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: (Parameter | Ref)[];
  requestBody?: RequestBody | Ref;
  responses?: Record<string, Response | Ref>;
  security?: SecurityRequirement[];
  deprecated?: boolean;
}

export interface SecurityScheme {
  type: 'apiKey' | 'http' | 'oauth2' | 'openIdConnect' | 'mutualTLS';
  description?: string;
  name?: string;
  in?: 'query' | 'header' | 'cookie';
  scheme?: string;
}

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type Method = (typeof METHODS)[number];

export type PathItem = Partial<Record<Method, Operation>> & { parameters?: (Parameter | Ref)[] };

export interface Document {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths?: Record<string, PathItem>;
  security?: SecurityRequirement[];
  tags?: { name: string; description?: string }[];
  components?: {
    schemas?: Record<string, Schema | Ref>;
    responses?: Record<string, Response | Ref>;
    parameters?: Record<string, Parameter | Ref>;
    requestBodies?: Record<string, RequestBody | Ref>;
    examples?: Record<string, Example | Ref>;
    securitySchemes?: Record<string, SecurityScheme | Ref>;
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The document, or why it is not one this page can show: a reason, not an exception. */
export function asDocument(json: unknown): Document | string {
  if (!isObject(json)) return 'The answer is not a JSON object';
  if (typeof json.openapi !== 'string' || !json.openapi.startsWith('3.')) return 'The answer is not an OpenAPI 3 document (no "openapi": "3.x")';
  if (!isObject(json.info) || typeof json.info.title !== 'string') return 'The document has no info.title';
  if (json.paths !== undefined && !isObject(json.paths)) return 'The document’s "paths" is not an object';
  return json as unknown as Document;
}

export const isRef = (v: unknown): v is Ref => isObject(v) && typeof v.$ref === 'string';

/** The value a local `$ref` (`#/components/…`) points at, or undefined when it points nowhere. */
export function lookup(doc: Document, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    // JSON Pointer escapes (RFC 6901): ~1 is "/", ~0 is "~", in that order.
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(at) || !(key in at)) return undefined;
    at = at[key];
  }
  return at;
}

/**
 * Follows `$ref`s until a value that is not one; a chain that loops or points nowhere gives
 * undefined. The last name followed comes along, so a schema tree can say "Rule" where it came from.
 */
export function resolve<T extends object>(doc: Document, value: T | Ref | undefined): { value: T | undefined; name?: string } {
  const seen = new Set<string>();
  let at: unknown = value;
  let name: string | undefined;
  while (isRef(at)) {
    if (seen.has(at.$ref)) return { value: undefined };
    seen.add(at.$ref);
    name = at.$ref.slice(at.$ref.lastIndexOf('/') + 1);
    at = lookup(doc, at.$ref);
  }
  const out = at === undefined ? undefined : (at as T);
  return name === undefined ? { value: out } : { value: out, name };
}
