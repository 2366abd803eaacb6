import { describe, expect, it } from 'vitest';
import type { Context } from '../../shared/schemas/context';
import type { State } from '../../shared/schemas/state';
import { localState } from '../../widget/local-state';
import { memoryStore } from '../../widget/storage';
import { record } from '../../widget/ui/history';

// What one browser keeps of a person's history: the engine's state is the source of truth, and
// each save is merged into what the browser already holds, so what the prompt UI wrote for this
// page (impressions the engine only counts from the next page on) survives later saves.

const KEY = 'pk_test';
const ctx: Context = { user: { id: 'u1' }, account: { id: 'a1', plan: 'starter' } };
const other: Context = { user: { id: 'u2' }, account: { id: 'a1', plan: 'starter' } };
const banner = { ruleId: 'ladder', tier: 'p85', surface: 'banner' as const, configVersion: 3 };
const stored = (storage: ReturnType<typeof memoryStore>, who = ctx) => JSON.parse(storage.getItem(`upshift:${KEY}:state:v1:${who.account.id}:${who.user.id}`) ?? 'null') as State | null;

describe('localState', () => {
  it('loads nothing for a person it never saw, and what was saved for one it did', () => {
    const storage = memoryStore();
    const saved = localState(storage, KEY);
    expect(saved.load(ctx)).toEqual({ rules: {} });
    saved.save(ctx, { rules: { ladder: { dismissedAt: 5 } } });
    expect(localState(storage, KEY).load(ctx)).toEqual({ rules: { ladder: { dismissedAt: 5 } }, counts: {} });
    expect(saved.load(other)).toEqual({ rules: {} });
  });

  it('keeps an impression the engine does not see yet through later saves of the state it does see', () => {
    const storage = memoryStore();
    const saved = localState(storage, KEY);
    const state = saved.load(ctx);
    // The prompt UI records the impression: stored, but not in what the engine sees.
    const seen = record(saved, ctx, state, banner, 'impression', 1000);
    expect(seen).toBe(state);
    expect(stored(storage)?.rules.ladder).toEqual({ impressions: [1000], reached: { p85: 1000 } });
    // A tracked event saves the engine's state, which has no impression: the stored one stays.
    const counted = saved.count(ctx, seen, 'report_exported', 2000);
    expect(counted.rules).toEqual({});
    expect(stored(storage)).toEqual({ rules: { ladder: { impressions: [1000], reached: { p85: 1000 } } }, counts: { report_exported: [2000] } });
    // A dismissal is seen by the engine at once, and stored beside the impression.
    const dismissed = record(saved, ctx, counted, banner, 'dismiss', 3000);
    expect(dismissed.rules.ladder).toEqual({ dismissedAt: 3000, dismissed: { p85: 3000 } });
    expect(stored(storage)?.rules.ladder).toEqual({ impressions: [1000], reached: { p85: 1000 }, dismissedAt: 3000, dismissed: { p85: 3000 } });
  });

  it.each([
    ['a later time wins', { rules: { r: { dismissedAt: 10 } } }, { rules: { r: { dismissedAt: 20 } } }, { rules: { r: { dismissedAt: 20 } }, counts: {} }],
    ['an earlier time does not replace a later one', { rules: { r: { dismissedAt: 20 } } }, { rules: { r: { dismissedAt: 10 } } }, { rules: { r: { dismissedAt: 20 } }, counts: {} }],
    ['times newer than the saved list are added to it', { rules: {}, counts: { e: [30] } }, { rules: {}, counts: { e: [20, 10] } }, { rules: {}, counts: { e: [30, 20, 10] } }],
    ['rules of both are kept', { rules: { a: { clickedAt: 1 } } }, { rules: { b: { snoozedAt: 2 } } }, { rules: { a: { clickedAt: 1 }, b: { snoozedAt: 2 } }, counts: {} }],
  ] as [string, State, State, State][])('merges a save into what is stored: %s', (_name, before, saving, after) => {
    const storage = memoryStore();
    storage.setItem(`upshift:${KEY}:state:v1:a1:u1`, JSON.stringify(before));
    localState(storage, KEY).save(ctx, saving);
    expect(stored(storage)).toEqual(after);
  });

  it('overwrites what it cannot read', () => {
    const storage = memoryStore();
    storage.setItem(`upshift:${KEY}:state:v1:a1:u1`, '{not json');
    localState(storage, KEY).save(ctx, { rules: { r: { clickedAt: 1 } } });
    expect(stored(storage)).toEqual({ rules: { r: { clickedAt: 1 } }, counts: {} });
  });
});
