import { signal } from '@preact/signals';
import type { AuditPage } from '../../../shared/schemas/admin';
import { api, ApiFailure } from '../api';
import { resource } from './resource';

/** The audit filters as the form holds them: ids, a kind, and `datetime-local` values in the reader's time zone. */
export interface AuditFilters {
  actor: string;
  kind: string;
  environment: string;
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { actor: '', kind: '', environment: '', from: '', to: '' };

/** The kinds of thing the server logs (see `AuditEntry.kind`). */
export const AUDIT_KINDS = ['rule', 'catalog', 'settings', 'version', 'key', 'secret', 'person', 'invite', 'environment', 'session'] as const;

const PAGE = 100;

/** The query string for `filters`; local times become ISO instants, empty filters are left out. */
export function auditQuery(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (filters.actor) q.set('actor', filters.actor);
  if (filters.kind) q.set('kind', filters.kind);
  if (filters.environment) q.set('environment', filters.environment);
  if (filters.from) q.set('from', new Date(filters.from).toISOString());
  if (filters.to) q.set('to', new Date(filters.to).toISOString());
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

/** Entries loaded so far (newest first) and the id to page back from; "Load older" appends. */
export const audit = resource<AuditPage>();
export const older = { loading: signal(false), error: signal<ApiFailure | null>(null) };
let applied: AuditFilters = NO_FILTERS;

export function loadAudit(filters: AuditFilters): Promise<void> {
  applied = filters;
  older.error.value = null;
  return audit.load(() => api<AuditPage>('GET', `/v1/admin/audit?${auditQuery(filters, { limit: String(PAGE) })}`));
}

export async function loadOlder(): Promise<void> {
  const current = audit.data.value;
  if (!current || current.next === null || older.loading.value) return;
  older.loading.value = true;
  older.error.value = null;
  try {
    const page = await api<AuditPage>('GET', `/v1/admin/audit?${auditQuery(applied, { limit: String(PAGE), before: String(current.next) })}`);
    // Filters may have changed while this page loaded; then it belongs to a list no longer shown.
    if (audit.data.value === current) audit.data.value = { entries: [...current.entries, ...page.entries], next: page.next };
  } catch (e) {
    older.error.value = e instanceof ApiFailure ? e : new ApiFailure(0, 'client_error', String(e));
  } finally {
    older.loading.value = false;
  }
}

/** Where "Export JSON" downloads every entry the filters match. */
export const exportHref = (filters: AuditFilters): string => {
  const q = auditQuery(filters);
  return `/v1/admin/audit/export${q ? `?${q}` : ''}`;
};
