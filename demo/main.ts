import './styles.css';
import { PEOPLE, clampPercent, isLocale, isRole, readSession, sessionQuery, type Session } from './session';
import { REFRESH_BEFORE_MS, heldToken, upshiftToken, type Signed } from './token';
import { LIMIT, billing, contact, dashboard } from './views';

// Acme Analytics: a stand-in for a customer's SaaS app. It knows nothing of Upshift's internals and
// talks to it only through the public embed: `window.Upshift.identify(...)` and `.track(...)`,
// typed by the declaration upshift.js ships (widget/types/upshift.d.ts), as a customer's app would be.
// The identity token in `identify` comes from the app's own backend (demo/token.ts).

const DAY = 86_400_000;
let session: Session = readSession(location.search);

let identifying = 0;
let refresh: ReturnType<typeof setTimeout> | undefined;

/**
 * What the host app knows about the signed-in user, with the identity token its backend signed for
 * them; re-sent whenever it changes, and before the token expires. Until the first token arrives
 * the person is identified without one, so prompts need not wait for it; the same person again
 * with the token keeps their history.
 */
function identify(): void {
  const mine = ++identifying;
  const now = session;
  const person = PEOPLE[now.role];
  const send = (signed: Signed | undefined) => {
    window.Upshift.identify({
      user: { id: person.id, role: now.role, locale: now.locale },
      account: {
        id: 'acct_globex',
        plan: 'starter',
        createdAt: new Date(Date.now() - 200 * DAY).toISOString(),
        traits: { company: 'Globex Corporation', employees: 180 },
      },
      usage: { api_calls: Math.round((LIMIT * now.percent) / 100), seats: 4 },
      ...(signed && { token: signed.token }),
    });
    clearTimeout(refresh);
    // Halfway into the refresh window, so the token fetched then is a new one.
    if (signed) refresh = setTimeout(identify, Math.max(0, signed.expiresAt - REFRESH_BEFORE_MS / 2 - Date.now()));
  };
  const held = heldToken(now.role);
  send(held);
  if (held) return;
  void upshiftToken(now.role).then((signed) => {
    // A later call (another person, new usage) has identified since: never the older one after it.
    if (signed && mine === identifying) send(signed);
  });
}

/**
 * Points every navigation link and switch at the current session, so each keeps the others'
 * choices (and works when opened in a new tab), and marks the current ones.
 */
function syncLinks(): void {
  const person = PEOPLE[session.role];
  const signedIn = document.getElementById('signed-in');
  if (signedIn) signedIn.textContent = `Signed in as ${person.name} · ${person.title}`;
  const here = location.pathname.startsWith('/demo/') ? location.pathname : '/demo';
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-nav]')) {
    // A page link (`data-path`), or a switch (`data-role`, `data-locale`) that stays on this page.
    const { path = here, role, locale } = a.dataset;
    const target: Session = { ...session, ...(isRole(role) && { role }), ...(isLocale(locale) && { locale }) };
    a.href = `${path}${sessionQuery(target)}`;
    const current = isRole(role) ? role === session.role : isLocale(locale) ? locale === session.locale : path === here;
    if (current) a.setAttribute('aria-current', role || locale ? 'true' : 'page');
    else a.removeAttribute('aria-current');
  }
}

let renderUsage = () => {};

function setPercent(next: number): void {
  session = { ...session, percent: clampPercent(next) };
  history.replaceState(null, '', `${location.pathname}${sessionQuery(session)}`);
  renderUsage();
  syncLinks();
  identify();
}

function route(): void {
  const view = document.getElementById('view');
  if (!view) return;
  session = readSession(location.search);
  const params = new URLSearchParams(location.search);
  renderUsage = () => {};
  if (location.pathname.startsWith('/demo/billing')) billing(view, params);
  else if (location.pathname.startsWith('/demo/contact')) contact(view, params);
  else renderUsage = dashboard(view, { percent: () => session.percent, setPercent, track: (name, props) => window.Upshift.track(name, props) });
  syncLinks();
  identify();
}

// Single-page navigation: the widget must keep working without full page loads.
document.addEventListener('click', (e) => {
  const a = (e.target as Element).closest?.('a[data-nav]') as HTMLAnchorElement | null;
  if (!a || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  history.pushState(null, '', `${a.pathname}${a.search}`);
  route();
});
addEventListener('popstate', route);
route();
