import { computed, signal } from '@preact/signals';
import type { EnvironmentView } from '../../../shared/schemas/admin';
import { api } from '../api';
import { resource } from './resource';

const STORAGE_KEY = 'upshift.admin.environment';

/** Every environment the console can switch between (`GET /v1/admin/environments`). */
export const environments = resource<EnvironmentView[]>();
export const envList = computed(() => environments.data.value ?? []);

function readRemembered(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be off (privacy settings); the switcher then just does not remember.
    return null;
  }
}

/** The environment last chosen in this browser, used where the URL names none. */
export const rememberedEnvId = signal<string | null>(readRemembered());

export function rememberEnv(id: string): void {
  rememberedEnvId.value = id;
  try {
    localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // See readRemembered.
  }
}

/** (Re)loads the list; call after creating, renaming or deleting an environment. */
export const refreshEnvironments = (): Promise<void> =>
  environments.load(async () => (await api<{ environments: EnvironmentView[] }>('GET', '/v1/admin/environments')).environments);

/** The environment to use when the URL names none: the remembered one if it still exists, else the first. */
export const defaultEnv = computed<EnvironmentView | null>(() => {
  const list = envList.value;
  return list.find((e) => e.id === rememberedEnvId.value) ?? list[0] ?? null;
});
