import { expect, it } from 'vitest';
import type { AccountSighting } from '../../server/store/account-types';
import { SIGHTING_PAGE } from '../../server/store/postgres/accounts';
import type { Context } from '../../shared/schemas/context';
import { describeStores } from '../helpers/stores';
import { newEnvironmentId, pairOpener } from '../helpers/store-pair';

const sighting = (accountId: string, seenAt: number, plan = 'starter', userId = 'u1', traits?: Context['account']['traits']): AccountSighting => ({
  accountId,
  userId,
  plan,
  seenAt,
  context: { user: { id: userId }, account: { id: accountId, plan, ...(traits && { traits }) }, usage: { seats: seenAt } },
  state: { rules: { ladder: { impressions: [seenAt - 1] } }, counts: { 'report.exported': [seenAt - 2] } },
});

describeStores('account sightings', ({ kind }) => {
  const openPair = pairOpener(kind);
  const traitsOf = async (read: (text: string) => Promise<{ account_id: string; name: string; value: string }[]>, accountId: string) =>
    Object.fromEntries((await read('SELECT account_id, name, value FROM account_traits ORDER BY name')).filter((r) => r.account_id === accountId).map((r) => [r.name, r.value]));

  it('keeps the latest visit of each account, whatever order they are written in, traits included', async () => {
    const { a, b, read } = await openPair();
    const env = await newEnvironmentId(a);
    await a.recordSighting(env, sighting('a1', 2_000, 'pro', 'u2', { industry: 'saas', seats: 12 }));
    await a.recordSighting(env, sighting('a1', 1_000, 'starter', 'u1', { industry: 'retail', old: true }));
    expect(await b.accountSighting(env, 'a1')).toEqual(sighting('a1', 2_000, 'pro', 'u2', { industry: 'saas', seats: 12 }));
    expect(await traitsOf(read, 'a1')).toEqual({ industry: 'saas', seats: '12' });
    // A later one replaces the traits: those it drops are gone.
    await a.recordSighting(env, sighting('a1', 3_000, 'pro', 'u2', { funded: false }));
    expect(await traitsOf(read, 'a1')).toEqual({ funded: 'false' });
    expect(await a.accountSighting(env, 'a2')).toBeNull();
  });

  it('writes traits as text the way a segment shows them', async () => {
    const { a, read } = await openPair();
    const env = await newEnvironmentId(a);
    const traits = { yes: true, no: false, none: null, n: 12, neg: -0.5, third: 0.30000000000000004, big: 1e21, tiny: 1e-7, s: 'Ünïcode "q"', zero: 0, nul: 'a\u0000b' };
    await a.recordSighting(env, sighting('a1', 1, 'pro', 'u', traits));
    expect(await traitsOf(read, 'a1')).toEqual({
      yes: 'true', no: 'false', none: '', n: '12', neg: '-0.5', third: '0.30000000000000004', big: '1.0e+21', tiny: '1.0e-07', s: 'Ünïcode "q"', zero: '0',
      // PostgreSQL's text cannot hold U+0000: it keeps U+FFFD in its place.
      nul: kind === 'postgres' ? 'a\uFFFDb' : 'a\u0000b',
    });
  });

  it('searches by any part of the id, case-insensitively, prefix matches first, then the latest visit', async () => {
    const { a } = await openPair();
    const env = await newEnvironmentId(a);
    for (const [id, at] of [['acct_1', 10], ['ACCT_2', 30], ['big-acct', 40], ['other', 50], ['acct_old', 1], ['Ärger-acct', 20]] as const) await a.recordSighting(env, sighting(id, at));
    const ids = async (search: string | undefined, since = 5, limit = 10) => (await a.recentAccounts(env, { since, search, limit })).map((s) => s.accountId);
    expect(await ids(undefined)).toEqual(['other', 'big-acct', 'ACCT_2', 'Ärger-acct', 'acct_1']);
    expect(await ids('acct')).toEqual(['ACCT_2', 'acct_1', 'big-acct', 'Ärger-acct']);
    expect(await ids('acct', 0)).toEqual(['ACCT_2', 'acct_1', 'acct_old', 'big-acct', 'Ärger-acct']);
    // Only ASCII letters change case, as in SQLite.
    expect(await ids('ärger')).toEqual([]);
    expect(await ids('Ärger')).toEqual(['Ärger-acct']);
    expect(await ids('%')).toEqual([]);
    expect(await ids('acct', 5, 1)).toEqual(['ACCT_2']);
  });

  it('hands every account seen since a time to the visitor once, one environment only, over several pages', async () => {
    const { a } = await openPair();
    const env = await newEnvironmentId(a);
    const other = await newEnvironmentId(a, 'Other');
    await a.recordSighting(other, sighting('elsewhere', 100));
    const n = 2 * SIGHTING_PAGE + 7;
    for (let i = 0; i < n; i++) await a.recordSighting(env, sighting(`a${String(i).padStart(4, '0')}`, i < 5 ? i : 1_000 + i));
    const seen: string[] = [];
    const count = await a.eachSeenSince(env, 3, (s) => seen.push(`${s.accountId}:${s.state.rules['ladder']?.impressions?.[0]}`));
    expect(count).toBe(n - 3);
    expect(seen).toHaveLength(n - 3);
    expect(new Set(seen).size).toBe(n - 3);
    expect(seen).toContain('a0003:2');
    expect(seen).toContain(`a${String(n - 1).padStart(4, '0')}:${1_000 + n - 2}`);
    expect(seen.some((s) => s.startsWith('a0002:') || s.startsWith('elsewhere'))).toBe(false);
  });
});
