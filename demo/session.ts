// Who is signed in to the demo and what it shows, read from and written to the query string, so
// every state of the demo has a URL: `?usage=72&role=member&locale=de`.

export const ROLES = ['admin', 'member'] as const;
export type Role = (typeof ROLES)[number];
export const LOCALES = ['en', 'de', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Session {
  /** API-call usage in percent of the Starter limit, 0 to 120. */
  percent: number;
  role: Role;
  locale: Locale;
}

/** The two people of Globex Corporation the demo can sign in as: an admin (may buy) and a member (asks the admin). */
export const PEOPLE: Record<Role, { id: string; name: string; title: string }> = {
  admin: { id: 'user_dana', name: 'Dana Scully', title: 'Admin' },
  member: { id: 'user_fox', name: 'Fox Mulder', title: 'Member' },
};

const DEFAULT_PERCENT = 42;

export function clampPercent(n: number): number {
  return Number.isFinite(n) ? Math.min(120, Math.max(0, Math.round(n))) : DEFAULT_PERCENT;
}

export const isRole = (v: string | null | undefined): v is Role => (ROLES as readonly unknown[]).includes(v);
export const isLocale = (v: string | null | undefined): v is Locale => (LOCALES as readonly unknown[]).includes(v);

/** The session a URL's query string describes; anything missing or unknown falls back to the default. */
export function readSession(search: string): Session {
  const params = new URLSearchParams(search);
  const role = params.get('role');
  const locale = params.get('locale');
  return {
    percent: clampPercent(Number(params.get('usage') ?? DEFAULT_PERCENT)),
    role: isRole(role) ? role : 'admin',
    locale: isLocale(locale) ? locale : 'en',
  };
}

/** The query string for a session; the defaults (admin, English) are left out. */
export function sessionQuery(s: Session): string {
  const params = new URLSearchParams({ usage: String(s.percent) });
  if (s.role !== 'admin') params.set('role', s.role);
  if (s.locale !== 'en') params.set('locale', s.locale);
  return `?${params}`;
}
