/**
 * Reads `#token=...` from the address bar once and removes it, so the one-time token is neither
 * left in the history entry nor copied along with the URL. The server never sees a hash.
 */
export function takeHashToken(): string {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  if (token) history.replaceState(history.state, '', location.pathname + location.search);
  return token;
}

/** Accepts either a bare token or a whole link that carries one (`.../admin/invite#token=...`). */
export function tokenFrom(text: string): string {
  const trimmed = text.trim();
  const hash = trimmed.indexOf('#');
  if (hash === -1) return trimmed;
  return new URLSearchParams(trimmed.slice(hash + 1)).get('token') ?? trimmed;
}
