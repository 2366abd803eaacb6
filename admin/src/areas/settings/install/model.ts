import { signal } from '@preact/signals';
import type { EnvironmentView, InstallationView } from '../../../../../shared/schemas/admin';
import { api, envPath } from '../../../api';
import { action, fetched } from '../../common/requests';

/** How long the publishable key being replaced keeps working, in seconds (at most a week). */
export const GRACE_PERIODS = [
  { value: '0', label: 'None: the old key stops at once' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '24 hours' },
  { value: '604800', label: '7 days' },
] as const;

/** The installation check, and rotating the publishable key. */
export function createInstallModel(envId: string, onRotated: (env: EnvironmentView) => void) {
  const installation = fetched(() => api<InstallationView>('GET', envPath(envId, 'installation')));
  const grace = signal('0');
  // `force`: the confirmation has told the person that a key still in its grace period stops now.
  const rotate = action(async (force: boolean) => {
    const { environment } = await api<{ environment: EnvironmentView }>('POST', envPath(envId, 'publishable-key/rotate'), { graceSeconds: Number(grace.value), force });
    onRotated(environment);
    grace.value = '0';
  });
  return { installation, grace, rotate };
}
export type InstallModel = ReturnType<typeof createInstallModel>;
