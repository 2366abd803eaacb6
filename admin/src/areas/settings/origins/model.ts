import { computed, signal } from '@preact/signals';
import type { EnvironmentView, OriginCheck } from '../../../../../shared/schemas/admin';
import { api, envPath } from '../../../api';
import { createOriginRows } from '../../common/origin-rows';
import { action } from '../../common/requests';

/** The allowed-origins editor of an environment, and the "would this origin be let in?" box. */
export function createOriginsModel(env: EnvironmentView, onSaved: (env: EnvironmentView) => void) {
  const saved = signal<readonly string[]>(env.allowedOrigins);
  const editor = createOriginRows(env.allowedOrigins);
  const dirty = computed(() => editor.rows.value.length !== saved.value.length || editor.rows.value.some((r, i) => r.value.trim().toLowerCase() !== saved.value[i]));

  const save = action(async () => {
    const { environment } = await api<{ environment: EnvironmentView }>('PATCH', `/v1/admin/environments/${encodeURIComponent(env.id)}`, { allowedOrigins: editor.values() });
    saved.value = environment.allowedOrigins;
    editor.replace(environment.allowedOrigins);
    onSaved(environment);
  });
  const reset = () => {
    editor.replace(saved.value);
    save.clear();
  };

  const probe = signal('');
  const result = signal<OriginCheck | null>(null);
  const check = action(async () => {
    result.value = null;
    result.value = await api<OriginCheck>('POST', envPath(env.id, 'origins/check'), { origin: probe.value.trim() });
  });

  return { editor, dirty, save, reset, probe, result, check };
}
export type OriginsModel = ReturnType<typeof createOriginsModel>;
