import { fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeclinesAnswer, FunnelAnswer } from '../../shared/schemas/analytics';
import type { AdminServer } from '../helpers/admin-fetch';
import { bodyCells, num, seededConsole, type AnalyticsConsole } from '../helpers/admin-analytics';
import { currentUrl, expectUrl, findPage, openConsole } from '../helpers/admin-console';
import { SEED_RULE } from '../helpers/analytics-seed';

// The Analytics area against the real server: seeded through the public API, and every figure on
// screen compared with what the same session's API call answers.

let server: AdminServer;
let page: string;
let answer: AnalyticsConsole['answer'];
beforeEach(async () => {
  ({ server, page, answer } = await seededConsole());
});
afterEach(() => server.cleanup());

const cells = bodyCells;
const showTable = (chart: string) => fireEvent.click(within(screen.getByRole('group', { name: `Show ${chart} as` })).getByRole('button', { name: 'Table' }));

describe('Analytics: overview', () => {
  it('shows the daily series the funnel endpoint answers, as a chart and as its table', async () => {
    const api = await answer<FunnelAnswer>('funnel');
    await openConsole(page);
    await findPage('Analytics');
    const total = (stage: keyof FunnelAnswer['series'][number]) => api.series.reduce((t, d) => t + Number(d[stage]), 0);
    expect(total('exposed')).toBe(24);
    await screen.findByRole('img', { name: /^Daily events from/ });
    for (const [label, stage] of [['Exposed', 'exposed'], ['Impressions', 'impression'], ['Clicks', 'click'], ['Conversions', 'conversion']] as const) {
      expect(num(screen.getByText(label, { selector: 'dt' }).nextElementSibling!.textContent!)).toBe(total(stage));
    }
    showTable('Daily events');
    const rows = cells(screen.getByRole('table', { name: /^Events per day/ }));
    expect(rows).toHaveLength(api.series.length);
    rows.forEach((row, i) => {
      const day = api.series[i]!;
      expect(row[0]).toBe(day.day);
      expect(row.slice(1).map(num)).toEqual([day.exposed, day.impression, day.click, day.action, day.conversion]);
    });
    expect(screen.queryByRole('img', { name: /^Daily events/ })).toBeNull();
  });

  it('keeps the view and range in the URL, and shows the API’s refusal of a range', async () => {
    await openConsole(page);
    await findPage('Analytics');
    fireEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));
    await expectUrl(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
    const from = new URLSearchParams(currentUrl().split('?')[1]).get('from')!;
    expect((screen.getByLabelText('From (UTC)') as HTMLInputElement).value).toBe(from);
    fireEvent.click(screen.getByRole('tab', { name: 'Funnel' }));
    await expectUrl(new RegExp(`view=funnel`));
    // A link with "from" after "to" (typed by hand): the server's 400 is shown with its message.
    await openConsole(`${page}?from=2026-12-01&to=2026-11-01`);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Could not load the time series/);
    expect(alert.textContent).toMatch(/from/i);
  });

  it('refuses a reversed range in the form before asking the server', async () => {
    await openConsole(page);
    await findPage('Analytics');
    fireEvent.input(screen.getByLabelText('From (UTC)'), { target: { value: '2026-12-05' } });
    fireEvent.input(screen.getByLabelText('To (UTC)'), { target: { value: '2026-12-01' } });
    const before = server.requests.length;
    fireEvent.click(screen.getByRole('button', { name: 'Apply range' }));
    await screen.findByText('"From" must be on or before "To".');
    expect(server.requests.slice(before).filter((r) => r.includes('/analytics/'))).toEqual([]);
  });
});

describe('Analytics: funnel', () => {
  it('lists every rule’s stages, then one rule with its breakdown and its declines, as the API answers', async () => {
    const all = await answer<FunnelAnswer>('funnel');
    await openConsole(`${page}?view=funnel`);
    await findPage('Analytics');
    const summary = await screen.findByRole('table', { name: /^Every rule's funnel/ });
    const row = cells(summary).find((r) => r[0] === SEED_RULE)!;
    const rule = all.rules.find((r) => r.ruleId === SEED_RULE)!;
    expect(row.slice(2, 7).map(num)).toEqual([rule.stages.exposed, rule.stages.impression, rule.stages.click, rule.stages.action, rule.stages.conversion]);

    fireEvent.click(within(summary).getByRole('button', { name: SEED_RULE }));
    await expectUrl(new RegExp(`rule=${SEED_RULE}`));
    fireEvent.change(await screen.findByLabelText('Break down by'), { target: { value: 'variant' } });
    await expectUrl(/by=variant/);
    const one = await answer<FunnelAnswer>('funnel', `?rule=${SEED_RULE}&by=variant`);
    const detail = one.rules[0]!;
    const segments = await screen.findByRole('table', { name: `${SEED_RULE} by variant` });
    expect(cells(segments).map((r) => [r[0], num(r[1]!)])).toEqual(detail.segments.map((s) => [s.key || '(none)', s.stages.exposed]));
    await screen.findByRole('img', { name: new RegExp(`^Funnel of ${SEED_RULE}: ${detail.stages.exposed} exposed`) });
    showTable(`Funnel of ${SEED_RULE}`);
    const stages = cells(screen.getByRole('table', { name: /with each step's conversion/ }))[0]!;
    expect(stages[2]).toContain(String(detail.stages.impression));

    const declines = await answer<DeclinesAnswer>('declines', `?rule=${SEED_RULE}`);
    const d = declines.rules.find((r) => r.ruleId === SEED_RULE)!;
    expect(d.total).toBeGreaterThan(0);
    showTable(`Why people declined ${SEED_RULE}`);
    const reasons = cells(await screen.findByRole('table', { name: `Decline reasons for ${SEED_RULE}` }));
    expect(reasons.map((r) => num(r[1]!))).toEqual([d.reasons.budget, d.reasons.timing, d.reasons.fit, d.reasons.other]);
    const notes = cells(screen.getByRole('table', { name: 'What people wrote, newest first' }));
    expect(notes.map((r) => r[2])).toEqual(d.notes.map((n) => n.note));

    // A reload opens the same rule and breakdown.
    await openConsole(currentUrl());
    expect(((await screen.findByLabelText('Rule')) as HTMLSelectElement).value).toBe(SEED_RULE);
    expect((screen.getByLabelText('Break down by') as HTMLSelectElement).value).toBe('variant');
  });

  it('says what to do where there is nothing to show', async () => {
    await openConsole(`${page}?from=2020-01-01&to=2020-01-31`);
    await findPage('Analytics');
    await screen.findByText(/No exposures yet between 2020-01-01 and 2020-01-31/);
    fireEvent.click(screen.getByRole('tab', { name: 'Experiments' }));
    await screen.findByText(/No experiment had exposures in this range\. Give a rule variants or a holdout/);
    fireEvent.click(screen.getByRole('tab', { name: 'Revenue' }));
    await screen.findByText(/No MRR recorded from 2020-01 to 2020-01\. Report each account's MRR/);
    await openConsole(`${page}?view=readiness&q=no-such-account`);
    await screen.findByText('No account matches these filters.');
  });

  it('sends a viewer whose session ended to the sign-in screen', async () => {
    await openConsole(page);
    await findPage('Analytics');
    await screen.findByRole('img', { name: /^Daily events/ });
    server.jar.clear();
    fireEvent.click(screen.getByRole('tab', { name: 'Funnel' }));
    await findPage('Sign in to Upshift');
  });
});
