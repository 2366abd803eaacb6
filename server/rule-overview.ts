import { diffJson } from '../shared/diff';
import { Catalog } from '../shared/schemas/catalog';
import { Config } from '../shared/schemas/config';
import { Rule } from '../shared/schemas/rule';
import type { RuleOverview, RuleOverviewRow, WeekStats } from '../shared/schemas/rule-overview';
import { lintRule } from './lint';
import { ruleState } from './rule-state';
import type { EventCount, Store } from './store/types';

const DAY_MS = 86_400_000;
const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** What the next publish makes of a draft: live and paused rules go out, the others stay behind. */
const publishable = (draft: Rule | undefined): Rule | undefined => (draft && (draft.status === 'live' || draft.status === 'paused') ? draft : undefined);

/**
 * Impressions and clicks per rule from the store's event counts (daily roll-ups plus the days not
 * yet rolled up). Exposures are not recorded yet and conversions are not in those counts: null.
 */
function weekStats(counts: readonly EventCount[]): (ruleId: string) => WeekStats {
  const byRule = new Map<string, { impressions: number; clicks: number }>();
  for (const c of counts) {
    if (c.ruleId === null || (c.type !== 'impression' && c.type !== 'click')) continue;
    const entry = byRule.get(c.ruleId) ?? { impressions: 0, clicks: 0 };
    if (c.type === 'impression') entry.impressions += c.count;
    else entry.clicks += c.count;
    byRule.set(c.ruleId, entry);
  }
  return (ruleId) => {
    const entry = byRule.get(ruleId);
    return { exposures: null, impressions: entry?.impressions ?? 0, clicks: entry?.clicks ?? 0, conversions: null };
  };
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
  const stats = weekStats(await store.eventCounts(environmentId, from, to));

  const rows: RuleOverviewRow[] = drafts.map(({ raw, parsed }) => {
    const rawId = (raw as { id?: unknown } | null)?.id;
    const draft = parsed.success ? parsed.data : undefined;
    const id = draft?.id ?? (typeof rawId === 'string' ? rawId : '');
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
