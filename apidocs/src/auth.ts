import { resolve, type Document, type SecurityRequirement, type SecurityScheme } from './spec';

/** One way an operation may be called: a scheme of the document by its name. */
export interface Way {
  name: string;
  scheme: SecurityScheme;
}

/** The alternatives an operation takes, each the schemes it needs together (a session and its CSRF token). */
export function requirementsOf(doc: Document, security: SecurityRequirement[]): Way[][] {
  return security
    .map((requirement) =>
      Object.keys(requirement).flatMap((name) => {
        const scheme = resolve<SecurityScheme>(doc, doc.components?.securitySchemes?.[name]).value;
        return scheme ? [{ name, scheme }] : [];
      }),
    )
    .filter((ways) => ways.length > 0);
}

/** The ways one pasted key could open an operation: the alternatives that need a single scheme. */
export function waysOf(doc: Document, security: SecurityRequirement[]): Way[] {
  return requirementsOf(doc, security)
    .filter((ways) => ways.length === 1)
    .map((ways) => ways[0]!);
}

/** How a person reads a scheme: "X-Upshift-Key header", "Authorization: Bearer", "cookie upshift_session". */
export function wayLabel({ scheme }: Way): string {
  if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') return 'Authorization: Bearer';
  if (scheme.type === 'http') return `HTTP ${scheme.scheme ?? ''}`.trim();
  if (scheme.type === 'apiKey') return `${scheme.name ?? 'key'} ${scheme.in ?? 'header'}`;
  return scheme.type;
}

/**
 * Where a key goes on a request; `none` when it goes nowhere: no key was entered (`empty`), or the
 * operation takes no key a person can paste (`unusable`: none at all, or only the console's session).
 */
export type KeyPlacement = { kind: 'header'; name: string; value: string } | { kind: 'query'; name: string; value: string } | { kind: 'none'; why: 'empty' | 'unusable' };

const isBearer = (w: Way) => w.scheme.type === 'http' && w.scheme.scheme?.toLowerCase() === 'bearer';
const isApiKey = (w: Way) => w.scheme.type === 'apiKey' && (w.scheme.in === 'header' || w.scheme.in === 'query');

/**
 * Where `key` goes for an operation that takes `ways`. Upshift's secret keys (`sk_…`) go as a
 * bearer token and publishable keys (`pk_…`) in their API-key header; any other key goes the
 * first way the operation names that a pasted key can take.
 */
export function placeKey(ways: Way[], key: string): KeyPlacement {
  const usable = ways.filter((w) => isBearer(w) || isApiKey(w));
  if (usable.length === 0) return { kind: 'none', why: 'unusable' };
  if (key === '') return { kind: 'none', why: 'empty' };
  const preferred = key.startsWith('sk_') ? usable.find(isBearer) : key.startsWith('pk_') ? usable.find(isApiKey) : undefined;
  const way = preferred ?? usable[0]!;
  if (isBearer(way)) return { kind: 'header', name: 'Authorization', value: `Bearer ${key}` };
  const name = way.scheme.name ?? 'X-Api-Key';
  return way.scheme.in === 'query' ? { kind: 'query', name, value: key } : { kind: 'header', name, value: key };
}

/** The shell variable a curl line names instead of a real key, so a copied line never carries one. */
export function keyVariable(ways: Way[]): string | undefined {
  const usable = ways.filter((w) => isBearer(w) || isApiKey(w));
  if (usable.length === 0) return undefined;
  return usable.some(isBearer) && !usable.some(isApiKey) ? '$UPSHIFT_SECRET_KEY' : usable.some(isApiKey) && !usable.some(isBearer) ? '$UPSHIFT_PUBLISHABLE_KEY' : '$UPSHIFT_KEY';
}
