import { computed, signal } from '@preact/signals';
import type { EnvironmentView, OriginCheck } from '../../../../../shared/schemas/admin';
import { api, envPath } from '../../../api';
import { action } from '../../common/action';
import { originProblem } from '../../common/origin-rule';

export interface OriginRow {
  /** A key that stays with the row while rows before it are removed, so focus and errors stay put. */
  id: number;
  value: string;
}

let nextRow = 1;
export const originRows = (origins: readonly string[]): OriginRow[] => origins.map((value) => ({ id: nextRow++, value }));

/** The allowed-origins editor (one row per origin) and the "would this origin be let in?" box. */
export function createOriginsModel(env: EnvironmentView, onSaved: (env: EnvironmentView) => void) {
  const saved = signal<readonly string[]>(env.allowedOrigins);
  const rows = signal<OriginRow[]>(originRows(env.allowedOrigins));
  /** The plain check, per row, as typed; the server's `allowedOrigins.N` errors replace it after a save. */
  const problems = computed(() => rows.value.map((r) => originProblem(r.value)));
  const dirty = computed(() => rows.value.length !== saved.value.length || rows.value.some((r, i) => r.value.trim().toLowerCase() !== saved.value[i]));

  const add = () => {
    rows.value = [...rows.value, { id: nextRow++, value: '' }];
  };
  const remove = (id: number) => {
    rows.value = rows.value.filter((r) => r.id !== id);
  };
  const edit = (id: number, value: string) => {
    rows.value = rows.value.map((r) => (r.id === id ? { ...r, value } : r));
  };
  const reset = () => {
    rows.value = originRows(saved.value);
    save.clear();
  };

  // Sent in row order, blank rows included (the check refuses them first), so `allowedOrigins.N` names row N.
  const save = action(async () => {
    const { environment } = await api<{ environment: EnvironmentView }>('PATCH', `/v1/admin/environments/${encodeURIComponent(env.id)}`, {
      allowedOrigins: rows.value.map((r) => r.value.trim()),
    });
    saved.value = environment.allowedOrigins;
    rows.value = originRows(environment.allowedOrigins);
    onSaved(environment);
  });

  const probe = signal('');
  const result = signal<OriginCheck | null>(null);
  const check = action(async () => {
    result.value = null;
    result.value = await api<OriginCheck>('POST', envPath(env.id, 'origins/check'), { origin: probe.value.trim() });
  });

  return { rows, problems, dirty, add, remove, edit, reset, save, probe, result, check };
}
export type OriginsModel = ReturnType<typeof createOriginsModel>;
