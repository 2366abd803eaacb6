import { computed, signal } from '@preact/signals';
import type { IdentitySettingsView } from '../../../../../shared/schemas/identity';
import { api, envPath } from '../../../api';
import { action, fetched } from '../../common/requests';

// A session never reads the secret back: `secret` is set only in the answer that made or rotated it.
type IdentityView = IdentitySettingsView;

/** How long tokens signed with the replaced secret keep working, in seconds; 0 after a leak. */
export const OVERLAPS = [
  { value: '0', label: 'No overlap: refuse the old secret at once (after a leak)' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '24 hours' },
  { value: '604800', label: '7 days' },
] as const;

/** Identity verification: the on/off form, and the secret shown once when it is made or rotated. */
export function createIdentityModel(envId: string) {
  const required = signal(false);
  const unverifiedActions = signal(false);
  const overlap = signal('0');
  const secret = signal<string | null>(null);
  const fill = (v: IdentityView) => {
    required.value = v.required;
    unverifiedActions.value = v.unverifiedActions;
    // The first PUT makes the secret and answers it this once.
    if (v.secret) secret.value = v.secret;
  };
  const current = fetched(() => api<IdentityView>('GET', envPath(envId, 'identity')), fill);
  const dirty = computed(() => {
    const saved = current.data.value;
    return saved !== null && (saved.required !== required.value || saved.unverifiedActions !== unverifiedActions.value);
  });

  const save = action(async () => {
    const answer = await api<IdentityView>('PUT', envPath(envId, 'identity'), { required: required.value, unverifiedActions: unverifiedActions.value });
    current.data.value = answer;
    fill(answer);
  });
  const rotate = action(async () => {
    const answer = await api<IdentityView>('POST', envPath(envId, 'identity/rotate'), { previousValidSeconds: Number(overlap.value) });
    current.data.value = answer;
    fill(answer);
  });

  return { current, required, unverifiedActions, overlap, secret, dirty, save, rotate };
}
export type IdentityModel = ReturnType<typeof createIdentityModel>;
