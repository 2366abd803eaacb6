import { expect, it } from 'vitest';
import type { NewAdminRequest } from '../../server/store/types';
import { describeStores } from '../helpers/stores';
import { newEnvironmentId, pairOpener } from '../helpers/store-pair';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
const ask = (o: Partial<NewAdminRequest> = {}): NewAdminRequest => ({ accountId: 'a1', userId: 'u1', ruleId: 'seats', role: 'member', note: null, ...o });

describeStores('trials and admin requests', ({ kind, open }) => {
  const openPair = pairOpener(kind);

  it('starts one trial per account and id: a second start answers the first unchanged, never extends it', async () => {
    const store = await open();
    const env = await newEnvironmentId(store);
    const first = { startedAt: T0, endsAt: T0 + 14 * DAY };
    expect(await store.startTrial(env, 'a1', 'scheduled_reports', first.startedAt, first.endsAt)).toEqual({ created: true, trial: first });
    expect(await store.startTrial(env, 'a1', 'scheduled_reports', T0 + 20 * DAY, T0 + 50 * DAY)).toEqual({ created: false, trial: first });
    expect(await store.accountTrials(env, 'a1')).toEqual(new Map([['scheduled_reports', first]]));
  });

  it('keeps each account’s trials, in each environment, to itself, listed by id', async () => {
    const store = await open();
    const prod = await newEnvironmentId(store, 'Prod');
    const staging = await newEnvironmentId(store, 'Staging');
    await store.startTrial(prod, 'a1', 'pro', T0, T0 + 7 * DAY);
    await store.startTrial(prod, 'a1', 'constructor', T0, T0 + DAY);
    await store.startTrial(prod, 'a1', 'Zeta', T0, T0 + DAY);
    expect((await store.startTrial(prod, 'a2', 'pro', T0 + DAY, T0 + 8 * DAY)).created).toBe(true);
    expect((await store.startTrial(staging, 'a1', 'pro', T0 + 2 * DAY, T0 + 9 * DAY)).created).toBe(true);
    // Byte order: capitals first, as SQLite's BINARY sorts.
    expect([...(await store.accountTrials(prod, 'a1')).keys()]).toEqual(['Zeta', 'constructor', 'pro']);
    expect(await store.accountTrials(prod, 'a2')).toEqual(new Map([['pro', { startedAt: T0 + DAY, endsAt: T0 + 8 * DAY }]]));
    expect(await store.accountTrials(staging, 'a1')).toEqual(new Map([['pro', { startedAt: T0 + 2 * DAY, endsAt: T0 + 9 * DAY }]]));
    expect(await store.accountTrials(prod, 'a3')).toEqual(new Map());
  });

  it('starts a trial once when many starts race through two stores over one database', async () => {
    const { a, b } = await openPair();
    const env = await newEnvironmentId(a);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).startTrial(env, 'a1', 'pro', T0 + i, T0 + i + 7 * DAY)));
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    for (const r of results) expect(r.trial).toEqual(created[0]!.trial);
    expect(await b.accountTrials(env, 'a1')).toEqual(new Map([['pro', created[0]!.trial]]));
  });

  it("records a person's request to their admins unless they asked for the same rule after `since`", async () => {
    const store = await open();
    const env = await newEnvironmentId(store);
    const first = await store.requestAdmin(env, ask({ note: 'please' }), T0, T0 - DAY);
    expect(first).toEqual({ created: true, request: { id: expect.stringMatching(/^adm_/), createdAt: T0 } });
    expect(await store.requestAdmin(env, ask(), T0 + 1000, T0 + 1000 - DAY)).toEqual({ created: false, request: first.request });
    // Another person, rule or account asks for themselves.
    for (const other of [ask({ userId: 'u2' }), ask({ ruleId: 'reports' }), ask({ accountId: 'a2', role: null })]) {
      expect((await store.requestAdmin(env, other, T0 + 2000, T0 + 2000 - DAY)).created).toBe(true);
    }
    // Once the earlier one is older than `since`, a new request is stored; the latest then answers repeats.
    const again = await store.requestAdmin(env, ask(), T0 + 2 * DAY, T0 + DAY);
    expect(again.created).toBe(true);
    expect(again.request.id).not.toBe(first.request.id);
    expect(await store.requestAdmin(env, ask(), T0 + 2 * DAY + 1, T0 - DAY)).toEqual({ created: false, request: again.request });
  });

  it('stores one request when the same person asks many times at once through two stores', async () => {
    const { a, b } = await openPair();
    const env = await newEnvironmentId(a);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).requestAdmin(env, ask(), T0 + i, T0 - DAY)));
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    for (const r of results.filter((x) => !x.created)) expect(r.request).toEqual(created[0]!.request);
  });
});
