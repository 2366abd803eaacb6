import type { RuleOverviewRow, RuleState, TriggerType } from '../../../../shared/schemas/rule-overview';
import type { Surface } from '../../../../shared/schemas/rule';

/** The rules list's search and filters, as the URL query keeps them (`?q=ladder&status=live`), so a reload keeps them. */
export interface ListQuery {
  q: string;
  status: RuleState | '';
  trigger: TriggerType | '';
  surface: Surface | '';
}

export const STATES: readonly { value: RuleState; label: string }[] = [
  { value: 'live', label: 'Live' },
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'paused', label: 'Paused' },
  { value: 'ended', label: 'Ended' },
  { value: 'draft', label: 'Draft' },
];

/** Trigger types in words, as a marketer names them. */
export const TRIGGERS: readonly { value: TriggerType; label: string }[] = [
  { value: 'usage', label: 'Usage ladder' },
  { value: 'feature', label: 'Locked feature' },
  { value: 'event', label: 'Event count' },
  { value: 'milestone', label: 'Milestone' },
  { value: 'forecast', label: 'Forecast' },
];

export const SURFACES: readonly { value: Surface; label: string }[] = [
  { value: 'banner', label: 'Banner' },
  { value: 'toast', label: 'Toast' },
  { value: 'modal', label: 'Modal' },
  { value: 'inline', label: 'Inline slot' },
  { value: 'panel', label: 'Feature panel' },
];

export const labelOf = <T extends string>(list: readonly { value: T; label: string }[], value: T | null): string | null =>
  value === null ? null : (list.find((o) => o.value === value)?.label ?? value);

const oneOf = <T extends string>(list: readonly { value: T }[], raw: string | null): T | '' => (list.find((o) => o.value === raw)?.value ?? '');

/** Reads the query part of an in-app URL; unknown values are ignored rather than filtering everything out. */
export function readQuery(url: string): ListQuery {
  const params = new URLSearchParams(url.split('?')[1] ?? '');
  return {
    q: params.get('q') ?? '',
    status: oneOf(STATES, params.get('status')),
    trigger: oneOf(TRIGGERS, params.get('trigger')),
    surface: oneOf(SURFACES, params.get('surface')),
  };
}

/** The URL for `query` on `pathname`, with empty filters left out. */
export function writeQuery(pathname: string, query: ListQuery): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'status', 'trigger', 'surface'] as const) if (query[key].trim()) params.set(key, query[key].trim());
  const search = params.toString();
  return search ? `${pathname}?${search}` : pathname;
}

export const isFiltered = (query: ListQuery): boolean => Boolean(query.q.trim() || query.status || query.trigger || query.surface);

/** The rows `query` lets through: the search matches id or name, case-insensitively. */
export function applyQuery(rows: readonly RuleOverviewRow[], query: ListQuery): RuleOverviewRow[] {
  const needle = query.q.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (!needle || r.id.toLowerCase().includes(needle) || (r.name ?? '').toLowerCase().includes(needle)) &&
      (!query.status || r.state === query.status) &&
      (!query.trigger || r.trigger === query.trigger) &&
      (!query.surface || r.surface === query.surface),
  );
}
