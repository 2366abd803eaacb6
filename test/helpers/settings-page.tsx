import Settings from '../../admin/src/areas/settings/index';
import { envList } from '../../admin/src/model/environments';

/** The settings area as the frame mounts it: its environment (kept current from the frame's list) and the list. */
export function SettingsPage({ envId }: { envId: string }) {
  const envs = envList.value;
  return <Settings env={envs.find((e) => e.id === envId) ?? null} envs={envs} />;
}
