import './styles.css';

// Acme Analytics: a stand-in for a customer's SaaS app. It knows nothing of Upshift's internals and
// talks to it only through the public embed: `window.Upshift.identify(...)`.

interface UpshiftEmbed {
  identify(context: unknown): void;
}
declare global {
  interface Window {
    Upshift: UpshiftEmbed;
  }
}

const LIMIT = 10_000;
const PRESETS = [0, 69, 72, 90, 97, 120];
const DAY = 86_400_000;

const params = new URLSearchParams(location.search);
let percent = clampPercent(Number(params.get('usage') ?? 42));

function clampPercent(n: number): number {
  return Number.isFinite(n) ? Math.min(120, Math.max(0, Math.round(n))) : 42;
}

const usage = () => Math.round((LIMIT * percent) / 100);
const fmt = new Intl.NumberFormat('en');

/** What the host app knows about the signed-in user; re-sent whenever it changes. */
function identify(): void {
  window.Upshift.identify({
    user: { id: 'user_dana', role: 'admin', locale: 'en' },
    account: {
      id: 'acct_globex',
      plan: 'starter',
      createdAt: new Date(Date.now() - 200 * DAY).toISOString(),
      traits: { company: 'Globex Corporation', employees: 180 },
    },
    usage: { api_calls: usage(), seats: 4 },
  });
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function setPercent(next: number): void {
  percent = clampPercent(next);
  const url = new URL(location.href);
  url.searchParams.set('usage', String(percent));
  history.replaceState(null, '', url);
  renderUsage();
  identify();
}

let renderUsage = () => {};

function dashboard(view: HTMLElement): void {
  const figure = el('p', { className: 'big' });
  const meter = el('div', { className: 'meter' });
  const bar = el('div', { className: 'bar' });
  meter.append(bar);
  const caption = el('p', { className: 'muted' });
  const range = el('input', { type: 'range', min: '0', max: '120', step: '1', id: 'usage-range' });
  const number = el('input', { type: 'number', min: '0', max: '120', step: '1', id: 'usage-percent', ariaLabel: 'Usage percent' });
  range.addEventListener('input', () => setPercent(Number(range.value)));
  number.addEventListener('change', () => setPercent(Number(number.value)));
  const presets = el('div', { className: 'presets' });
  for (const p of PRESETS) {
    const b = el('button', { type: 'button', className: 'chip' }, `${p} %`);
    b.addEventListener('click', () => setPercent(p));
    presets.append(b);
  }
  renderUsage = () => {
    figure.textContent = `${fmt.format(usage())} of ${fmt.format(LIMIT)}`;
    bar.style.width = `${Math.min(100, percent)}%`;
    bar.dataset.level = percent >= 95 ? 'high' : percent >= 70 ? 'mid' : 'low';
    caption.textContent = `${percent} % of the Starter plan's monthly API calls`;
    range.value = String(percent);
    number.value = String(percent);
  };
  renderUsage();

  view.replaceChildren(
    el('header', { className: 'page-head' }, el('h1', {}, 'Dashboard'), el('span', { className: 'badge' }, 'Starter plan')),
    el(
      'section',
      { className: 'grid' },
      el('article', { className: 'card' }, el('h2', {}, 'API calls this month'), figure, meter, caption),
      el('article', { className: 'card' }, el('h2', {}, 'Seats'), el('p', { className: 'big' }, '4 of 5'), el('p', { className: 'muted' }, 'Invite teammates from Settings')),
      el('article', { className: 'card' }, el('h2', {}, 'Active dashboards'), el('p', { className: 'big' }, '12'), el('p', { className: 'muted' }, '3 edited today')),
    ),
    el(
      'section',
      { className: 'card simulator', ariaLabel: 'Usage simulator' },
      el('h2', {}, 'Simulate usage'),
      el('p', { className: 'muted' }, 'Move API-call usage between 0 % and 120 % of the plan limit. Each change calls Upshift.identify again.'),
      el('div', { className: 'controls' }, el('label', { htmlFor: 'usage-range' }, 'Usage (% of limit)'), range, number),
      presets,
    ),
  );
}

function billing(view: HTMLElement): void {
  const wanted = params.get('plan');
  const attribution = ['upshift_rule', 'upshift_tier', 'upshift_variant'].filter((k) => params.has(k)).map((k) => `${k}=${params.get(k)}`);
  view.replaceChildren(
    el('header', { className: 'page-head' }, el('h1', {}, 'Plan & billing'), el('span', { className: 'badge' }, 'Starter plan')),
    el(
      'article',
      { className: 'card' },
      el('h2', {}, wanted === 'pro' ? 'Upgrade to Pro' : 'Your plan'),
      el('p', {}, wanted === 'pro' ? 'Pro: 100,000 API calls a month, 25 seats, scheduled reports and anomaly alerts. $199 / month.' : 'Starter: 10,000 API calls a month and 5 seats. $49 / month.'),
      el('p', { className: 'muted' }, 'This is where the host app’s own checkout would run. Nothing is charged in the demo.'),
      ...(attribution.length ? [el('p', { className: 'muted', id: 'attribution' }, `Arrived from an Upshift prompt: ${attribution.join(', ')}`)] : []),
    ),
  );
}

function route(): void {
  const view = document.getElementById('view');
  if (!view) return;
  renderUsage = () => {};
  if (location.pathname.startsWith('/demo/billing')) billing(view);
  else dashboard(view);
  for (const a of document.querySelectorAll<HTMLAnchorElement>('[data-nav]')) {
    a.toggleAttribute('aria-current', a.pathname === location.pathname);
  }
  identify();
}

// Single-page navigation: the widget must keep working without full page loads.
document.addEventListener('click', (e) => {
  const a = (e.target as Element).closest?.('a[data-nav]') as HTMLAnchorElement | null;
  if (!a || e.metaKey || e.ctrlKey || e.shiftKey) return;
  e.preventDefault();
  history.pushState(null, '', `${a.pathname}?usage=${percent}`);
  route();
});
addEventListener('popstate', route);
route();
