import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite';
import type { AccountSighting } from '../../server/store/account-types';
import type { Store } from '../../server/store/types';
import { tempDir } from '../helpers/test-app';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let env: string;
beforeEach(async () => {
  tmp = tempDir('upshift-accounts-');
  store = openSqliteStore(`${tmp.dir}/upshift.db`);
  env = (await store.createEnvironment({ name: 'Test', allowedOrigins: [] })).environment.id;
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

const sighting = (accountId: string, seenAt: number, plan = 'starter', userId = 'u1'): AccountSighting => ({
  accountId,
  userId,
  plan,
  seenAt,
  context: { user: { id: userId }, account: { id: accountId, plan }, usage: { seats: seenAt } },
  state: { rules: { ladder: { impressions: [seenAt - 1] } }, counts: { 'report.exported': [seenAt - 2] } },
});

describe('account sightings', () => {
  it('keeps the latest visit of each account, whatever order they are written in, and survives a reopen', async () => {
    await store.recordSighting(env, sighting('a1', 2_000, 'pro', 'u2'));
    await store.recordSighting(env, sighting('a1', 1_000, 'starter', 'u1'));
    expect(await store.accountSighting(env, 'a1')).toEqual(sighting('a1', 2_000, 'pro', 'u2'));
    await store.close();
    store = openSqliteStore(`${tmp.dir}/upshift.db`);
    expect((await store.accountSighting(env, 'a1'))?.plan).toBe('pro');
    expect(await store.accountSighting(env, 'a2')).toBeNull();
  });

  it('searches by any part of the id, case-insensitively, prefix matches first, then the latest visit', async () => {
    for (const [id, at] of [['acct_1', 10], ['ACCT_2', 30], ['big-acct', 40], ['other', 50], ['acct_old', 1]] as const) await store.recordSighting(env, sighting(id, at));
    const ids = async (search: string | undefined, since = 5, limit = 10) => (await store.recentAccounts(env, { since, search, limit })).map((s) => s.accountId);
    expect(await ids(undefined)).toEqual(['other', 'big-acct', 'ACCT_2', 'acct_1']);
    expect(await ids('acct')).toEqual(['ACCT_2', 'acct_1', 'big-acct']);
    expect(await ids('acct', 0)).toEqual(['ACCT_2', 'acct_1', 'acct_old', 'big-acct']);
    expect(await ids('%')).toEqual([]);
    expect(await ids('acct', 5, 1)).toEqual(['ACCT_2']);
  });

  it('hands every account seen since a time to the visitor, one environment only', async () => {
    const other = (await store.createEnvironment({ name: 'Other', allowedOrigins: [] })).environment.id;
    await store.recordSighting(other, sighting('elsewhere', 100));
    for (let i = 0; i < 5; i++) await store.recordSighting(env, sighting(`a${i}`, i * 100));
    const seen: string[] = [];
    const count = await store.eachSeenSince(env, 200, (s) => seen.push(`${s.accountId}:${s.state.rules['ladder']?.impressions?.[0]}`));
    expect(count).toBe(3);
    expect(seen.sort()).toEqual(['a2:199', 'a3:299', 'a4:399']);
  });
});
