import { useId } from 'preact/hooks';
import type { EnvironmentView } from '../../../shared/schemas/admin';
import { rememberEnv } from '../model/environments';
import { envHref, navigate } from '../router';
import type { AreaName } from '../areas/registry';

interface Props {
  envs: EnvironmentView[];
  current: EnvironmentView | null;
  /** The environment page open now: switching keeps it, on the other environment. */
  envArea: AreaName | null;
}

/** Picks the environment the console works on. The choice is remembered in this browser and carried in the URL. */
export function EnvSwitcher({ envs, current, envArea }: Props) {
  const id = useId();
  if (!envs.length) return null;
  const change = (select: HTMLSelectElement) => {
    const envId = select.value;
    if (!envArea) return rememberEnv(envId);
    // The frame remembers the environment the URL names. Unsaved changes may hold the move back
    // for a question; until it is answered the select shows where the person still is.
    if (!navigate(envHref(envId, envArea))) select.value = current?.id ?? '';
  };
  return (
    <div class="row env-switcher">
      <label for={id}>Environment</label>
      <select id={id} class="inline" value={current?.id ?? ''} onChange={(e) => change(e.currentTarget)}>
        {envs.map((e) => (
          <option key={e.id} value={e.id}>
            {e.name}
          </option>
        ))}
      </select>
    </div>
  );
}
