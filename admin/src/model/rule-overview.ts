import type { Rule } from '../../../shared/schemas/rule';
import type { RuleOverview, RuleOverviewRow } from '../../../shared/schemas/rule-overview';
import { api, ApiFailure, envPath } from '../api';
import { resource } from './resource';
import { loadRules, rules, versions } from './rules';

/** The rules list: each rule's state, unpublished changes, lint and last 7 days (`GET rule-overview`). */
export const overview = resource<RuleOverview>();

export const loadOverview = (envId: string): Promise<void> => overview.load(() => api<RuleOverview>('GET', envPath(envId, 'rule-overview')), envId);

/** The drafts' and versions' answers the list was last read for: a new one (an editor save, the examples, a publish or roll back) reads the list once more. */
let syncedWith: [unknown, unknown] = [null, null];

/** Reads the list again when the drafts or the versions were read again since; the rules page calls it on every such answer. */
export function syncOverview(envId: string): void {
  const now: [unknown, unknown] = [rules.data.value, versions.data.value];
  if (now[0] === null || (now[0] === syncedWith[0] && now[1] === syncedWith[1])) return;
  syncedWith = now;
  void loadOverview(envId);
}

/** After an action here, the drafts (the editor's bodies) and then the list are read again, the list once. */
export const reloadRules = async (envId: string): Promise<void> => {
  await loadRules(envId);
  syncedWith = [rules.data.value, versions.data.value];
  await loadOverview(envId);
};

const rulePath = (envId: string, id: string) => envPath(envId, `rules/${encodeURIComponent(id)}`);
/** The draft as the server has it now, so an action never writes back a stale copy. */
const fresh = async (envId: string, id: string): Promise<Rule> => (await api<{ rule: Rule }>('GET', rulePath(envId, id))).rule;
const put = (envId: string, rule: Rule) => api<unknown>('PUT', rulePath(envId, rule.id), rule);

/** Sets the draft live or paused; publishing makes it so for customers. */
export async function setPaused(envId: string, id: string, paused: boolean): Promise<void> {
  try {
    await put(envId, { ...(await fresh(envId, id)), status: paused ? 'paused' : 'live' });
  } finally {
    await reloadRules(envId);
  }
}

const MAX_ID = 64;
/** `<id>-copy`, then `<id>-copy-2`, … : the first id no draft or live rule has, within the 64 characters ids may have. */
export function copyId(id: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`;
    const candidate = id.slice(0, MAX_ID - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Saves a copy of the draft `id` under a free id, as a draft; answers the new id. */
export async function duplicateRule(envId: string, id: string): Promise<string> {
  try {
    const [rule, list] = await Promise.all([fresh(envId, id), api<{ rules: { id?: unknown }[] }>('GET', envPath(envId, 'rules'))]);
    // A live rule deleted from the drafts keeps its id until the next publish: a copy must not take it over.
    const taken = new Set([...list.rules.map((r) => String(r.id)), ...(overview.data.value?.rules ?? []).map((r) => r.id)]);
    const newId = copyId(id, taken);
    await put(envId, { ...rule, id: newId, name: `${rule.name} (copy)`.slice(0, 120), status: 'draft' });
    return newId;
  } finally {
    await reloadRules(envId);
  }
}

/** The priorities two neighbours get when `moving` passes `other`: swapped, or one step apart when they were equal. */
export function passPriorities(moving: number, other: number, up: boolean, used: ReadonlySet<number>): [number, number] {
  if (moving !== other) return [other, moving];
  const step = up ? 1 : -1;
  const inRange = (p: number) => p >= 0 && p <= 1000;
  // Prefer moving the rule itself onto a free number; else push the other away; else share a number with a third rule.
  if (inRange(moving + step) && !used.has(moving + step)) return [moving + step, other];
  if (inRange(other - step) && !used.has(other - step)) return [moving, other - step];
  return inRange(moving + step) ? [moving + step, other] : [moving, other - step];
}

/**
 * Moves `moving` past its neighbour `other` in priority: both drafts are saved, the moving one
 * first. When the second save fails the first is put back, so nothing is left half-applied; the
 * error says what happened. The list is read again either way.
 */
export async function reorder(envId: string, moving: RuleOverviewRow, other: RuleOverviewRow, up: boolean): Promise<void> {
  try {
    const [a, b] = await Promise.all([fresh(envId, moving.id), fresh(envId, other.id)]);
    const used = new Set((overview.data.value?.rules ?? []).filter((r) => r.id !== a.id && r.id !== b.id).flatMap((r) => (r.priority === null ? [] : [r.priority])));
    const [pa, pb] = passPriorities(a.priority, b.priority, up, used);
    if (pa !== a.priority) await put(envId, { ...a, priority: pa });
    if (pb !== b.priority) {
      try {
        await put(envId, { ...b, priority: pb });
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        if (pa === a.priority) throw e;
        try {
          await put(envId, a);
        } catch {
          throw new ApiFailure(0, 'reorder_partial', `Saving "${b.id}" failed (${why}), and "${a.id}" could not be put back to priority ${a.priority}: the list below shows what is saved now.`);
        }
        throw new ApiFailure(0, 'reorder_failed', `The order did not change: saving "${b.id}" failed (${why}), so "${a.id}" was put back to priority ${a.priority}.`);
      }
    }
  } finally {
    await reloadRules(envId);
  }
}
