import { diffJson } from '../../shared/diff';
import { Catalog } from '../../shared/schemas/catalog';
import { Config } from '../../shared/schemas/config';
import { Rule } from '../../shared/schemas/rule';
import type { RuleOverview, RuleOverviewRow, WeekStats } from '../../shared/schemas/rule-overview';
import { lintRule } from './lint';
import { ruleState } from './rule-state';
import type { Store } from '../store/types';

const DAY_MS = 86_400_000;
const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** A stored draft's id, whatever else about it no longer validates. */
const idOf = (raw: unknown): string => {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : '';
};

/** What the next publish makes of a draft: live and paused rules go out, the others stay behind. */
const publishable = (draft: Rule | undefined): Rule | undefined => (draft && (draft.status === 'live' || draft.status === 'paused') ? draft : undefined);

/**
 * Impressions and clicks per rule over the days counted, read per rule from the store. Exposures
 * are not recorded yet and conversions are not event counts: null, which the console shows as a dash.
 */
async function weekStats(store: Store, environmentId: string, ruleIds: readonly string[], from: string, to: string): Promise<(ruleId: string) => WeekStats> {
  const counts = await store.ruleEventCounts(environmentId, ruleIds, ['impression', 'click'], from, to);
  const byKey = new Map(counts.map((c) => [`${c.type}:${c.ruleId}`, c.count]));
  const of = (ruleId: string, type: string) => byKey.get(`${type}:${ruleId}`) ?? 0;
  return (ruleId) => ({ exposures: null, impressions: of(ruleId, 'impression'), clicks: of(ruleId, 'click'), conversions: null });
}

/**
 * The rules list: every stored draft and every live rule deleted from the drafts, each with its
 * state at `now`, whether publishing would change it, the engine's lint and the last 7 days' counts.
 */
export async function ruleOverview(store: Store, environmentId: string, now: number): Promise<RuleOverview> {
  const stored = await store.listDraftRules(environmentId);
  const drafts = stored.map((raw) => ({ raw, parsed: Rule.safeParse(raw) }));
  const valid = drafts.flatMap((d) => (d.parsed.success ? [d.parsed.data] : []));
  const catalog = Catalog.safeParse(await store.getDraftCatalog(environmentId));
  const published = await store.getLiveConfig(environmentId);
  // A live body this server's schema no longer reads (an older release's) counts as no live rules.
  const live = published ? Config.safeParse(JSON.parse(published.body)) : null;
  const liveRules = new Map((live?.success ? live.data.rules : []).map((r) => [r.id, r]));
  const from = utcDay(now - 6 * DAY_MS);
  const to = utcDay(now);
  const ids = [...new Set([...drafts.map(({ raw }) => idOf(raw)), ...liveRules.keys()])].filter(Boolean);
  const stats = await weekStats(store, environmentId, ids, from, to);

  const rows: RuleOverviewRow[] = drafts.map(({ raw, parsed }) => {
    const draft = parsed.success ? parsed.data : undefined;
    const id = draft?.id ?? idOf(raw);
    const liveRule = liveRules.get(id);
    const shown = draft ?? liveRule;
    return {
      id,
      name: shown?.name ?? null,
      state: ruleState(liveRule, draft, now),
      draftStatus: draft?.status ?? null,
      unpublishedChanges: diffJson(liveRule ?? null, draft ? (publishable(draft) ?? null) : raw).length > 0,
      removed: false,
      valid: draft !== undefined,
      priority: shown?.priority ?? null,
      trigger: shown?.trigger.type ?? null,
      surface: shown?.surface ?? null,
      warnings: draft ? lintRule(draft, catalog.success ? catalog.data : null, valid, now) : [],
      stats: stats(id),
    };
  });
  const kept = new Set(rows.map((r) => r.id));
  for (const rule of liveRules.values()) {
    if (kept.has(rule.id)) continue;
    rows.push({
      id: rule.id,
      name: rule.name,
      state: ruleState(rule, undefined, now),
      draftStatus: null,
      unpublishedChanges: true,
      removed: true,
      valid: true,
      priority: rule.priority,
      trigger: rule.trigger.type,
      surface: rule.surface,
      warnings: [],
      stats: stats(rule.id),
    });
  }
  rows.sort((a, b) => (b.priority ?? -1) - (a.priority ?? -1) || a.id.localeCompare(b.id));
  return { rules: rows, liveVersion: published?.version ?? null, stats: { from, to } };
}
