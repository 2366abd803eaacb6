import type { z } from 'zod';
import type { oas31, ZodOpenApiOperationObject, ZodOpenApiPathsObject, ZodOpenApiRequestBodyObject, ZodOpenApiResponsesObject } from 'zod-openapi';

/**
 * How a route authenticates, named after the middleware that checks it:
 * - `publishable`: `publishableKey` (the `X-Upshift-Key` header or the `key` query), from allowed origins;
 * - `secret`: `keyAccess` / `secretKey` (`Authorization: Bearer sk_…`);
 * - `session`: `requireSession` (the console's cookie; every change also needs `X-CSRF-Token`);
 * - `stripe`: no key; Stripe signs the body (`Stripe-Signature`);
 * - `none`: public.
 */
export type Auth = 'publishable' | 'secret' | 'session' | 'stripe' | 'none';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

/** One answer of an operation; `schema` omitted only for answers without a body (204, 304, a redirect). */
export interface Answer {
  description: string;
  schema?: z.ZodType;
  /** Defaults to `application/json`. */
  type?: string;
  headers?: Record<string, string>;
  example?: unknown;
}

/** What a route table says about one route; `operation()` adds what every route of its kind shares. */
export interface Spec {
  method: Method;
  /** OpenAPI style (`/{id}`), relative to the resource's base path; `''` is the base itself. */
  path: string;
  /** A unique, stable name for generated clients (`listRules`). */
  id: string;
  summary: string;
  description?: string;
  params?: { path?: z.ZodObject; query?: z.ZodObject; header?: z.ZodObject };
  /** `beacon`: also `text/plain` JSON, which `navigator.sendBeacon` and simple CORS requests send without a preflight. */
  body?: { schema: z.ZodType; example?: unknown; optional?: boolean; beacon?: boolean };
  ok: Partial<Record<200 | 201 | 202 | 204 | 302 | 304, Answer>>;
  /** Error statuses beyond those the authentication and body parsing add themselves. */
  errors?: readonly ErrorStatus[];
}

/** The shared error answer every error status refers to (`components.responses.Error`). */
export const ERROR_REF = { $ref: '#/components/responses/Error' } as const;

const SECURITY: Record<Exclude<Auth, 'session'>, oas31.SecurityRequirementObject[]> = {
  publishable: [{ publishableKey: [] }, { publishableKeyQuery: [] }],
  secret: [{ secretKey: [] }],
  stripe: [],
  none: [],
};

/** Reads need the session cookie only; every change also needs the CSRF token from sign-in. */
const sessionSecurity = (method: Method): oas31.SecurityRequirementObject[] =>
  method === 'get' ? [{ session: [] }] : [{ session: [], csrfToken: [] }];

/** Errors the middleware in front of a route can answer whatever the route itself does. */
function impliedErrors(auth: Auth, spec: Spec): ErrorStatus[] {
  // 403: a publishable key from an origin it does not allow; a role below the route's, or a change without its CSRF token.
  const byAuth: Record<Auth, ErrorStatus[]> = { publishable: [401, 403], secret: [401], session: [401, 403], stripe: [], none: [] };
  // A body is read up to a bound and parsed as JSON against its schema; a required one must also say it is JSON.
  const byBody: ErrorStatus[] = !spec.body ? [] : spec.body.optional ? [400, 413] : [400, 413, 415];
  return [...byAuth[auth], ...byBody];
}

function answers(spec: Spec, auth: Auth): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, answer] of Object.entries(spec.ok) as [string, Answer][]) {
    const headers = answer.headers
      ? Object.fromEntries(Object.entries(answer.headers).map(([name, description]) => [name, { description, schema: { type: 'string' as const } }]))
      : undefined;
    responses[status as '200'] = {
      description: answer.description,
      ...(headers ? { headers } : {}),
      ...(answer.schema
        ? { content: { [answer.type ?? 'application/json']: { schema: answer.schema, ...(answer.example === undefined ? {} : { example: answer.example }) } } }
        : {}),
    };
  }
  const errors = new Set<number>([...impliedErrors(auth, spec), ...(spec.errors ?? []), 500]);
  for (const status of [...errors].sort()) responses[String(status) as '400'] = ERROR_REF;
  return responses;
}

function requestBody(body: NonNullable<Spec['body']>): ZodOpenApiRequestBodyObject {
  const media = { schema: body.schema, ...(body.example === undefined ? {} : { example: body.example }) };
  const types = body.beacon ? ['application/json', 'text/plain'] : ['application/json'];
  return { required: !body.optional, content: Object.fromEntries(types.map((type) => [type, media])) };
}

/** The OpenAPI operation for one route of a resource, tagged and secured as its middleware demands. */
export function operation(tag: string, auth: Auth, spec: Spec): ZodOpenApiOperationObject {
  const security = auth === 'session' ? sessionSecurity(spec.method) : SECURITY[auth];
  const { path, query, header } = spec.params ?? {};
  const requestParams = { ...(path ? { path } : {}), ...(query ? { query } : {}), ...(header ? { header } : {}) };
  return {
    operationId: spec.id,
    tags: [tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    security,
    ...(Object.keys(requestParams).length ? { requestParams } : {}),
    ...(spec.body ? { requestBody: requestBody(spec.body) } : {}),
    responses: answers(spec, auth),
  };
}

/** Operations of one resource under `base`, merged by path (several methods share a path item). */
export function paths(base: string, tag: string, auth: Auth, specs: readonly Spec[]): ZodOpenApiPathsObject {
  const out: ZodOpenApiPathsObject = {};
  for (const spec of specs) {
    const full = `${base}${spec.path}` || '/';
    out[full] = { ...out[full], [spec.method]: operation(tag, auth, spec) };
  }
  return out;
}

/** Path objects joined path by path: two areas may give one path different methods (sign-in and sign-out). */
export function mergePaths(...parts: readonly ZodOpenApiPathsObject[]): ZodOpenApiPathsObject {
  const out: ZodOpenApiPathsObject = {};
  for (const part of parts) for (const [path, item] of Object.entries(part)) out[path] = { ...out[path], ...item };
  return out;
}
