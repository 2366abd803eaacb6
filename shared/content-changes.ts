import { diffJson } from './diff';
import type { ContentChanges, RuleRef } from './schemas/publishing';

// Pure, so the server (publish, import, rollback previews) and the CLI's `diff` and `push` group
// changes the same way.

type Content = { catalog?: unknown; rules?: readonly { id: string }[]; settings?: unknown } | null;

/** Content in a shape that diffs well: rules keyed by id rather than by position. */
export function comparable(content: Content): Record<string, unknown> {
  if (!content) return {};
  return { catalog: content.catalog ?? null, rules: Object.fromEntries((content.rules ?? []).map((r) => [r.id, r])), settings: content.settings ?? {} };
}
type Named = { id: string; name?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasId = (v: unknown): v is { id: string } => isObject(v) && typeof v.id === 'string';

/**
 * Lists of things with ids (plans, metrics, features, variants) keyed by id, all the way down, so a
 * diff reads `plans.pro.limits.seats` and inserting a plan does not shift every later one.
 */
export function keyedById(value: unknown): unknown {
  if (Array.isArray(value)) {
    const ids = value.every(hasId) ? new Set(value.map((v) => v.id)) : null;
    if (value.length && ids && ids.size === value.length) return Object.fromEntries(value.map((v) => [v.id, keyedById(v)]));
    return value.map(keyedById);
  }
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keyedById(v)]));
  return value;
}

const ref = (rule: Named): RuleRef => (typeof rule.name === 'string' ? { id: rule.id, name: rule.name } : { id: rule.id });

/** A missing catalog or settings diffs as empty, so each part of a new one shows on its own line. */
const orEmpty = (v: unknown) => (v === null || v === undefined ? {} : v);

/**
 * What changes between two sets of content, grouped: rules added, removed and changed (each with
 * its fields at paths relative to the rule), then catalog fields (keyed by id) and settings fields.
 */
export function contentChanges(before: Content, after: Content): ContentChanges {
  const from = comparable(before);
  const to = comparable(after);
  const rulesFrom = (from.rules ?? {}) as Record<string, Named>;
  const rulesTo = (to.rules ?? {}) as Record<string, Named>;
  const ids = [...new Set([...Object.keys(rulesFrom), ...Object.keys(rulesTo)])].sort();
  const rules: ContentChanges['rules'] = { added: [], removed: [], changed: [] };
  for (const id of ids) {
    const a = rulesFrom[id];
    const b = rulesTo[id];
    if (!a && b) rules.added.push(ref(b));
    else if (a && !b) rules.removed.push(ref(a));
    else if (a && b) {
      // Inside a rule, positions read as the editor shows them: `trigger.tiers.1.at.percent`.
      const changes = diffJson(a, b);
      if (changes.length) rules.changed.push({ ...ref(b), changes });
    }
  }
  const catalog = diffJson(keyedById(orEmpty(from.catalog)), keyedById(orEmpty(to.catalog)));
  const settings = diffJson(orEmpty(from.settings), orEmpty(to.settings));
  return { rules, catalog, settings, total: rules.added.length + rules.removed.length + rules.changed.length + catalog.length + settings.length };
}
