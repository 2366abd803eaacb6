import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CustomerPreview, Reach } from '../../admin/src/areas/rules/customer';
import { previewAccount } from '../../admin/src/model/preview-account';
import { demoContent } from '../../server/demo/seed';
import type { Rule } from '../../shared/schemas/rule';
import { seedDrafts } from '../helpers/admin-fetch';
import { areaServer, type AreaServer } from '../helpers/admin-area';
import { postState } from '../helpers/http';
import { APP_ORIGIN } from '../helpers/test-app';

let t: AreaServer;
const DAY = 86_400_000;
const visit = async (account: string, plan: string, apiCalls: number, ageDays: number) => {
  const body = { user: `u-${account}`, account, plan, usage: { api_calls: apiCalls }, createdAt: new Date(Date.now() - ageDays * DAY).toISOString(), locale: 'en' };
  const res = await postState(t.app, t.key, body, { Origin: APP_ORIGIN });
  if (res.status !== 200) throw new Error(await res.text());
};
beforeEach(async () => {
  t = await areaServer();
  await seedDrafts(t);
  await visit('acct_busy', 'starter', 9_000, 400);
  await visit('acct_new', 'starter', 9_500, 10);
  await visit('acct_pro', 'pro', 500, 400);
  previewAccount.value = null;
});
afterEach(() => t.cleanup());

/** The demo ladder as the editor's unsaved rule: its own id, above the live ladder. */
const pushRule = (over: Partial<Rule> = {}): Rule => ({ ...structuredClone(demoContent.rules[0]!), id: 'api-push', status: 'draft', priority: 200, ...over });
const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

describe('preview as a customer', () => {
  it('finds a recent account by id and shows what it would see with the changes and live, with every rule’s reason', async () => {
    await t.signInAs('editor');
    render(<CustomerPreview envId={t.environment.id} rule={pushRule()} />);
    const list = await screen.findByRole('list', { name: 'Accounts found' });
    // Latest visit first; the three visits may share a millisecond, so only the set is certain.
    expect(within(list).getAllByRole('button').map((b) => b.textContent).sort()).toEqual(['Preview as acct_busy', 'Preview as acct_new', 'Preview as acct_pro']);

    type('Search recent accounts by id', 'BUSY');
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Accounts found' })).getAllByRole('button')).toHaveLength(1));
    const pick = screen.getByRole('button', { name: 'Preview as acct_busy' });
    pick.focus();
    fireEvent.click(pick);

    const drafts = await screen.findByText('With your unpublished changes:');
    expect(drafts.parentElement!.textContent).toBe('With your unpublished changes: rule "api-push", tier p85, as a banner: “90% of your API calls used”.');
    expect(screen.getByText('Live today:').parentElement!.textContent).toBe('Live today: rule "api-usage-ladder", tier p85, as a banner: “90% of your API calls used”.');
    const row = within(screen.getByRole('table', { name: 'Why each rule shows or not' })).getByRole('rowheader', { name: 'api-usage-ladder' }).closest('tr')!;
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['rule "api-push" (priority 200) takes the banner first', 'api_calls is at 90% of its limit; tier "p85" (recommend) shows as a banner']);
    expect(screen.getByRole('button', { name: 'Preview as acct_busy' }).getAttribute('aria-pressed')).toBe('true');
    // The editor's live preview and variable picker read the same customer.
    expect(previewAccount.value).toMatchObject({ source: 'account', label: 'acct_busy (starter)', context: { account: { id: 'acct_busy', plan: 'starter' }, usage: { api_calls: 9_000 } } });
  });

  it('gives the guard’s reason for a young account', async () => {
    await t.signInAs('viewer');
    render(<CustomerPreview envId={t.environment.id} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Preview as acct_new' }));
    expect((await screen.findByText('Live today:')).parentElement!.textContent).toBe('Live today: no prompt shows.');
    expect(screen.getAllByText('account is 10 days old; this rule waits 90 days')).toHaveLength(2);
  });

  it('takes a customer filled in by hand and shows the server’s refusals at their fields', async () => {
    await t.signInAs('editor');
    render(<CustomerPreview envId={t.environment.id} rule={pushRule()} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Fill one in by hand' }));
    type('Plan', 'starter');
    type('Metric 1', 'api_calls');
    type('Usage of metric 1', '-5');
    type('Created', 'last tuesday');
    fireEvent.click(screen.getByRole('button', { name: 'Preview this customer' }));
    await waitFor(() => expect(screen.getByLabelText('Usage of metric 1').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByLabelText('Created').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByText('With your unpublished changes:')).toBeNull();

    type('Usage of metric 1', '9600');
    type('Created', '2024-01-31');
    fireEvent.click(screen.getByRole('button', { name: 'Preview this customer' }));
    expect((await screen.findByText('With your unpublished changes:')).parentElement!.textContent).toMatch(/^With your unpublished changes: rule "api-push", tier p95, as a banner/);
    expect(screen.getByLabelText('Usage of metric 1').getAttribute('aria-invalid')).toBeNull();
    expect(previewAccount.value).toMatchObject({ source: 'manual', context: { account: { plan: 'starter', createdAt: '2024-01-31' }, usage: { api_calls: 9_600 } } });
  });

  it('says what is wrong with the editor’s rule rather than previewing', async () => {
    await t.signInAs('editor');
    render(<CustomerPreview envId={t.environment.id} rule={{ ...pushRule(), surface: 'billboard' }} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Preview as acct_busy' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(/^The rule in the editor: surface: /)).toBeTruthy();
  });
});

describe('reach', () => {
  it('estimates on demand: eligible accounts by tier, and the live rule it displaces', async () => {
    await t.signInAs('editor');
    render(<Reach envId={t.environment.id} rule={pushRule()} />);
    expect(screen.queryByRole('table')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Estimate reach' }));
    expect(await screen.findByText('1 of 3 accounts')).toBeTruthy();
    const tiers = within(screen.getByRole('table', { name: 'Eligible accounts by tier' }));
    expect(tiers.getByRole('rowheader', { name: 'p85' }).closest('tr')!.querySelectorAll('td')[0]!.textContent).toBe('1');
    const displaced = within(screen.getByRole('table', { name: 'Live rules it would displace' }));
    expect(displaced.getByRole('rowheader', { name: 'api-usage-ladder' }).closest('tr')!.querySelectorAll('td')[0]!.textContent).toBe('1');
    const missed = within(screen.getByRole('table', { name: 'Why the other accounts are not reached' }));
    expect(missed.getByRole('rowheader', { name: 'guard.account_too_new' })).toBeTruthy();
    expect(missed.getByRole('rowheader', { name: 'offer.no_next_step' })).toBeTruthy();
  });

  it('shows the server’s refusal with its paths', async () => {
    await t.signInAs('editor');
    render(<Reach envId={t.environment.id} rule={{ ...pushRule(), priority: 'high' }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Estimate reach' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(/^rule\.priority: /)).toBeTruthy();
  });
});
