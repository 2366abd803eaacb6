// The rule of `AllowedOrigin` (shared/schemas/admin.ts) as plain code: that module builds zod
// schemas, and importing it would put zod into the console's chunks. test/admin/schema-copies.test.ts
// holds the copy to its original. It only gives feedback while typing: the server's errors at
// `allowedOrigins.N` are the authority.

const ORIGIN =
  /^\*$|^https?:\/\/(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:(\d{1,5}|\*))?$|^https?:\/\/\[[0-9a-f:.]+\](:(\d{1,5}|\*))?$/i;

export const ORIGIN_HINT = 'such as https://app.acme.com, https://*.acme.com or http://localhost:* (or * for any origin)';

/** Why `value` is not an allowed origin, or null when it is one (blank counts as a problem). */
export function originProblem(value: string): string | null {
  const origin = value.trim();
  if (origin === '') return 'Enter an origin, or remove this row';
  if (origin.length > 253) return 'must be at most 253 characters';
  if (ORIGIN.test(origin)) return null;
  if (/^https?:\/\/[^/]+\/./.test(origin) || /^https?:\/\/[^/]+\/$/.test(origin)) return `must have no path: just the scheme, host and port, ${ORIGIN_HINT}`;
  if (!/^https?:\/\//i.test(origin)) return `must start with https:// or http://, ${ORIGIN_HINT}`;
  return `must be an origin ${ORIGIN_HINT}: a scheme and host, an optional port, no path`;
}

/** The origins as the server stores them: trimmed and lower case. */
export const normaliseOrigin = (value: string): string => value.trim().toLowerCase();
