import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { money, pct } from '../../admin/src/areas/analytics/format';
import { addDays, dayOf } from '../../admin/src/areas/analytics/url-state';
import type { ExperimentsAnswer, ReadinessAnswer, RevenueAnswer } from '../../shared/schemas/analytics';
import type { AdminServer } from '../helpers/admin-fetch';
import { bodyCells, num, seededConsole, type AnalyticsConsole } from '../helpers/admin-analytics';
import { currentUrl, expectUrl, findPage, openConsole } from '../helpers/admin-console';
import { SEED_ACCOUNTS, SEED_RULE } from '../helpers/analytics-seed';

// Experiments, the revenue scoreboard and the readiness list against the real server, each figure
// on screen compared with the API's answer to the same session.

let server: AdminServer;
let page: string;
let answer: AnalyticsConsole['answer'];
beforeEach(async () => {
  ({ server, page, answer } = await seededConsole());
});
afterEach(() => server.cleanup());

const table = (name: string | RegExp) => screen.findByRole('table', { name });
const showTable = (chart: string) => fireEvent.click(within(screen.getByRole('group', { name: `Show ${chart} as` })).getByRole('button', { name: 'Table' }));

describe('Analytics: experiments', () => {
  it('shows each arm, the lift with its interval and p-value, the verdict and the warnings; the interval mode is in the URL', async () => {
    const api = await answer<ExperimentsAnswer>('experiments');
    const exp = api.experiments.find((e) => e.ruleId === SEED_RULE)!;
    await openConsole(`${page}?view=experiments`);
    await findPage('Analytics');
    const card = within((await screen.findByRole('heading', { level: 3, name: SEED_RULE })).closest('article')!);
    expect(card.getByText(exp.verdict)).toBeTruthy();
    for (const w of exp.warnings) expect(card.getByText(w.message, { exact: false })).toBeTruthy();
    const arms = bodyCells(await table(`Arms of ${SEED_RULE}`));
    expect(arms.map((r) => [num(r[1]!), num(r[3]!)])).toEqual(exp.arms.map((a) => [a.accounts, a.converted]));
    expect(arms.map((r) => r[6])).toEqual(exp.arms.map((a) => money(a.mrrPerAccount, api.currency)));
    // The seeded rule is the demo's usage ladder as published: no variants, no holdout, so the live
    // split expects everything in its single unnamed arm, and none of the arms exposed (a, b, holdout).
    expect(exp.srm?.expected).toEqual({ '': 1 });
    expect(arms.map((r) => [r[0], r[2]])).toEqual([
      ['Holdout', 'Not in the live split'],
      ['a', 'Not in the live split'],
      ['b', 'Not in the live split'],
    ]);
    expect(card.getByText(`Sample ratio check (chi-square against the live split: Default ${pct(1)}): p`, { exact: false })).toBeTruthy();

    const chart = `Conversion rate of ${SEED_RULE}: lift over holdout`;
    expect(card.getByRole('img', { name: /^Conversion rate of .* against the holdout, sequential/ })).toBeTruthy();
    showTable(chart);
    const lifts = bodyCells(await table(/^Conversion rate of .* \(sequential 95 % intervals\)$/));
    const conversion = exp.comparisons.filter((c) => c.metric === 'conversion');
    expect(lifts.map((r) => r[5])).toEqual(conversion.map((c) => (c.pValue === null ? '–' : c.pValue < 0.0001 ? '< 0.0001' : c.pValue.toFixed(4))));
    expect(lifts.map((r) => r[6])).toEqual(conversion.map((c) => (c.significant ? 'Yes' : 'No')));

    fireEvent.click(screen.getByRole('radio', { name: /^Fixed horizon/ }));
    await expectUrl(/mode=fixed/);
    // A new answer draws the charts again (each starts as a chart).
    await screen.findByRole('img', { name: /^Conversion rate of .* fixed-horizon 95 % intervals/ });
    expect(server.requests.some((r) => r.includes('/analytics/experiments?') && r.includes('mode=fixed'))).toBe(true);
  });
});

describe('Analytics: revenue', () => {
  it('shows each month’s MRR, movements, NRR and GRR as the API answers, and segments by plan', async () => {
    const today = dayOf(Date.now());
    const from = addDays(today, -89);
    const api = await answer<RevenueAnswer>('revenue', `?from=${from.slice(0, 7)}&to=${today.slice(0, 7)}`);
    await openConsole(`${page}?view=revenue&from=${from}&to=${today}`);
    await findPage('Analytics');
    const retention = bodyCells(await table('Retention per month'));
    expect(retention.map((r) => r[0])).toEqual(api.months.map((m) => m.month));
    expect(retention.map((r) => [r[1], r[2], r[3], r[4]])).toEqual(api.months.map((m) => [money(m.startMrr, api.currency), money(m.endMrr, api.currency), pct(m.nrr), pct(m.grr)]));
    expect(api.months.some((m) => m.nrr !== null && m.churn > 0)).toBe(true);

    expect(screen.getByRole('img', { name: /^MRR movements per month in USD/ })).toBeTruthy();
    showTable('MRR movements per month');
    const movements = bodyCells(await table(/^MRR movements per month/));
    expect(movements.map((r) => r.slice(1).map((c) => Math.abs(num(c))))).toEqual(api.months.map((m) => [m.new, m.expansion, m.reactivation, m.contraction, m.churn].map((v) => v / 100)));

    const attributed = bodyCells(await table('Expansion MRR attributed to rules'));
    expect(attributed.map((r) => [r[0], num(r[2]!)])).toEqual(api.attributed.map((a) => [a.ruleId, a.conversions]));

    fireEvent.change(screen.getByLabelText('Segment by'), { target: { value: 'plan' } });
    await expectUrl(/segment=plan/);
    const bySegment = await answer<RevenueAnswer>('revenue', `?from=${from.slice(0, 7)}&to=${today.slice(0, 7)}&segment=plan`);
    const segments = bodyCells(await table('Retention by plan'));
    expect(segments.map((r) => [r[0], r[1], r[2]])).toEqual(bySegment.segments.map((m) => [m.month, m.segment ?? '(none)', money(m.startMrr, api.currency)]));
  });
});

describe('Analytics: readiness', () => {
  it('lists accounts as the API sorts and filters them, opens a row’s signals, and links the CSV', async () => {
    const api = await answer<ReadinessAnswer>('readiness', '?limit=50');
    expect(api.total).toBe(SEED_ACCOUNTS);
    await openConsole(`${page}?view=readiness`);
    await findPage('Analytics');
    const list = bodyCells(await table(`Accounts 1–${SEED_ACCOUNTS} of ${SEED_ACCOUNTS}`));
    expect(list.map((r) => [r[0], Number(r[2])])).toEqual(api.accounts.map((a) => [a.accountId, a.score]));

    const first = api.accounts[0]!;
    fireEvent.click(screen.getByRole('button', { name: new RegExp(`^Show ${first.signals.length} signals? of ${first.accountId}$`) }));
    const signals = within(screen.getByRole('list', { name: `Signals behind ${first.accountId}'s score` })).getAllByRole('listitem');
    expect(signals.map((li) => li.textContent)).toEqual(first.signals.map((s) => expect.stringContaining(s.label)));

    fireEvent.click(screen.getByRole('button', { name: 'Account' }));
    await expectUrl(/sort=account/);
    const byAccount = await answer<ReadinessAnswer>('readiness', '?sort=account&limit=50');
    await waitFor(() => expect(screen.getByRole('columnheader', { name: 'Account' }).getAttribute('aria-sort')).toBe('ascending'));
    expect(screen.getByRole('columnheader', { name: 'Score' }).getAttribute('aria-sort')).toBeNull();
    expect(bodyCells(await table(/^Accounts 1–/)).map((r) => r[0])).toEqual(byAccount.accounts.map((a) => a.accountId));

    fireEvent.change(screen.getByLabelText('Band'), { target: { value: 'early' } });
    await expectUrl(/band=early/);
    const early = await answer<ReadinessAnswer>('readiness', '?band=early&sort=account&limit=50');
    expect(bodyCells(await table(`Accounts 1–${early.total} of ${early.total}`)).map((r) => r[0])).toEqual(early.accounts.map((a) => a.accountId));

    const href = screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')!;
    const q = new URL(href, location.origin).searchParams;
    expect([q.get('format'), q.get('band'), q.get('sort')]).toEqual(['csv', 'early', 'account']);
    const csv = await server.call('GET', href);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await csv.text()).trim().split('\n')).toHaveLength(early.total + 1);
    expect(currentUrl()).toMatch(/view=readiness/);
  });

  it('brings a page past the end of the list back to the first', async () => {
    await openConsole(`${page}?view=readiness&page=9`);
    await findPage('Analytics');
    fireEvent.click(await screen.findByRole('button', { name: 'Go to the first page' }));
    await table(`Accounts 1–${SEED_ACCOUNTS} of ${SEED_ACCOUNTS}`);
    expect(currentUrl()).not.toMatch(/page=/);
  });
});
