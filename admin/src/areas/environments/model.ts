import { computed, signal } from '@preact/signals';
import type { EnvironmentCreated, EnvironmentView } from '../../../../shared/schemas/admin';
import { api } from '../../api';
import { refreshEnvironments } from '../../model/environments';
import { createOriginRows } from '../common/origin-rows';
import { action } from '../common/requests';

const path = (id: string) => `/v1/admin/environments/${encodeURIComponent(id)}`;

/** Creating, renaming and deleting environments; the list itself is the frame's (`model/environments`). */
export function createEnvironmentsModel() {
  const name = signal('');
  const origins = createOriginRows([]);
  /** The keys of the environment just made: the secret key is shown this once. */
  const created = signal<EnvironmentCreated | null>(null);
  const dirty = computed(() => name.value.trim() !== '' || origins.rows.value.some((r) => r.value.trim() !== ''));

  const create = action(async () => {
    created.value = await api<EnvironmentCreated>('POST', '/v1/admin/environments', { name: name.value.trim(), allowedOrigins: origins.values() });
    name.value = '';
    origins.replace([]);
    await refreshEnvironments();
  });
  const rename = action(async (env: EnvironmentView, to: string) => {
    await api<{ environment: EnvironmentView }>('PATCH', path(env.id), { name: to.trim() });
    await refreshEnvironments();
  });
  // The server compares `confirm` with the name too: the typed name is the whole point of the dialog.
  const remove = action(async (env: EnvironmentView, confirm: string) => {
    await api<null>('DELETE', path(env.id), { confirm });
    await refreshEnvironments();
  });

  return { name, origins, created, dirty, create, rename, remove };
}
export type EnvironmentsModel = ReturnType<typeof createEnvironmentsModel>;
