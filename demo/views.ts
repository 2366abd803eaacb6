import { el } from './dom';

// The demo's pages. They are the host app's own screens: they know Upshift only through the
// attributes the README documents (`data-upshift-feature`, `data-upshift-slot`) and `Upshift.track`.

export const LIMIT = 10_000;
const PRESETS = [0, 69, 72, 90, 97, 120];

export interface DashboardHooks {
  /** API-call usage in percent of the limit, as it is now. */
  percent(): number;
  setPercent(percent: number): void;
  track(name: string, props?: Record<string, string>): void;
}

const pageHead = (title: string) => el('header', { className: 'page-head' }, el('h1', {}, title), el('span', { className: 'badge' }, 'Starter plan'));

/** Arrival parameters an Upshift call to action appends to checkout and sales links, for the host to read. */
function attribution(params: URLSearchParams): HTMLElement[] {
  const found = ['upshift_rule', 'upshift_tier', 'upshift_variant'].filter((k) => params.has(k)).map((k) => `${k}=${params.get(k)}`);
  return found.length ? [el('p', { className: 'muted', id: 'attribution' }, `Arrived from an Upshift prompt: ${found.join(', ')}`)] : [];
}

/** The reports card: a plain export, and two Pro features the Starter plan lacks, marked for Upshift. */
function reports(track: DashboardHooks['track']): HTMLElement {
  const message = el('p', { className: 'muted host-message', role: 'status' });
  let exported = 0;
  const exportButton = el('button', { type: 'button', className: 'btn' }, 'Export report');
  exportButton.addEventListener('click', () => {
    exported++;
    track('report_exported', { format: 'csv' });
    message.textContent = `Report exported as CSV (${exported} this visit).`;
  });
  // Upshift sees clicks on these first; when the plan lacks the feature it explains it instead,
  // and the host's own action below runs only when Upshift leaves the click alone.
  const locked = (feature: string, label: string, hostAction: string) => {
    // No "Pro" badge of our own: Upshift marks the elements of locked features itself.
    const button = el('button', { type: 'button', className: 'btn', 'data-upshift-feature': feature }, label);
    button.addEventListener('click', () => (message.textContent = hostAction));
    return button;
  };
  return el(
    'article',
    { className: 'card reports' },
    el('h2', {}, 'Reports'),
    el('p', { className: 'muted' }, 'Weekly revenue, sign-ups and churn for Globex Corporation.'),
    el(
      'div',
      { className: 'actions' },
      exportButton,
      locked('scheduled_reports', 'Schedule report', 'Acme Analytics would open its report scheduler here.'),
      locked('anomaly_alerts', 'Anomaly alerts', 'Acme Analytics would open its alert settings here.'),
    ),
    message,
  );
}

// The host app itself is in English; the language switch is for Upshift's prompts.
const fmt = new Intl.NumberFormat('en');

/** The dashboard with the usage simulator; returns the function that redraws the usage figures. */
export function dashboard(view: HTMLElement, { percent: current, setPercent, track }: DashboardHooks): () => void {
  const figure = el('p', { className: 'big' });
  const bar = el('div', { className: 'bar' });
  const meter = el('div', { className: 'meter' }, bar);
  const caption = el('p', { className: 'muted' });
  const range = el('input', { type: 'range', min: '0', max: '120', step: '1', id: 'usage-range' });
  const number = el('input', { type: 'number', min: '0', max: '120', step: '1', id: 'usage-percent', 'aria-label': 'Usage percent' });
  range.addEventListener('input', () => setPercent(Number(range.value)));
  number.addEventListener('change', () => setPercent(Number(number.value)));
  const presets = el('div', { className: 'presets' });
  for (const p of PRESETS) {
    const b = el('button', { type: 'button', className: 'chip' }, `${p} %`);
    b.addEventListener('click', () => setPercent(p));
    presets.append(b);
  }
  const render = () => {
    const percent = current();
    figure.textContent = `${fmt.format(Math.round((LIMIT * percent) / 100))} of ${fmt.format(LIMIT)}`;
    bar.style.width = `${Math.min(100, percent)}%`;
    bar.dataset.level = percent >= 95 ? 'high' : percent >= 70 ? 'mid' : 'low';
    caption.textContent = `${percent} % of the Starter plan's monthly API calls`;
    range.value = String(percent);
    number.value = String(percent);
  };
  render();

  view.replaceChildren(
    pageHead('Dashboard'),
    el(
      'section',
      { className: 'grid' },
      el('article', { className: 'card' }, el('h2', {}, 'API calls this month'), figure, meter, caption),
      el('article', { className: 'card' }, el('h2', {}, 'Seats'), el('p', { className: 'big' }, '4 of 5'), el('p', { className: 'muted' }, 'Invite teammates from Settings')),
      el('article', { className: 'card' }, el('h2', {}, 'Active dashboards'), el('p', { className: 'big' }, '12'), el('p', { className: 'muted' }, '3 edited today')),
    ),
    reports(track),
    el(
      'section',
      { className: 'card simulator', 'aria-label': 'Usage simulator' },
      el('h2', {}, 'Simulate usage'),
      el('p', { className: 'muted' }, 'Move API-call usage between 0 % and 120 % of the plan limit. Each change calls Upshift.identify again.'),
      el('div', { className: 'controls' }, el('label', { htmlFor: 'usage-range' }, 'Usage (% of limit)'), range, number),
      presets,
    ),
  );
  return render;
}

/** Plan & billing: the host's own checkout stand-in, and the `billing` slot for an inline Upshift card. */
export function billing(view: HTMLElement, params: URLSearchParams): void {
  const plan = params.get('plan');
  const addon = params.get('addon');
  const [heading, text] =
    plan === 'pro'
      ? ['Upgrade to Pro', 'Pro: 100,000 API calls a month, 25 seats, scheduled reports and anomaly alerts. $199 / month.']
      : addon === 'seat_pack'
        ? ['Add a seat pack', 'Seat pack: 5 more seats on top of your plan’s 5. $40 / month.']
        : ['Your plan', 'Starter: 10,000 API calls a month and 5 seats. $49 / month.'];
  view.replaceChildren(
    pageHead('Plan & billing'),
    el(
      'article',
      { className: 'card' },
      el('h2', {}, heading),
      el('p', {}, text),
      el('p', { className: 'muted' }, 'This is where the host app’s own checkout would run. Nothing is charged in the demo.'),
      ...attribution(params),
    ),
    el('div', { className: 'slot', 'data-upshift-slot': 'billing' }),
  );
}

/** Where "contact sales" offers lead (the catalog's `salesUrl`). */
export function contact(view: HTMLElement, params: URLSearchParams): void {
  view.replaceChildren(
    pageHead('Contact sales'),
    el(
      'article',
      { className: 'card' },
      el('h2', {}, 'Talk to the Acme Analytics team'),
      el('p', {}, 'Tell us about your team and we will plan a Pro rollout with you, anomaly alerts included.'),
      el('p', { className: 'muted' }, 'This is where the host app’s own contact form or calendar would be. Nothing is sent in the demo.'),
      ...attribution(params),
    ),
  );
}
