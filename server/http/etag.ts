/**
 * Whether an `If-None-Match` header matches `etag`. Uses the weak comparison RFC 9110 prescribes
 * for this header, so `W/"x"` matches `"x"`, and handles lists and `*`.
 */
export function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  // What a client that kept our ETag sends back, checked before any parsing.
  if (header === etag) return true;
  const trimmed = header.trim();
  if (trimmed === '*') return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = strip(etag);
  return trimmed.split(',').some((tag) => strip(tag) === wanted);
}
