import { computed, signal } from '@preact/signals';
import { api, envPath } from '../../../api';
import { action, fetched } from '../../common/requests';

export interface StripeView {
  webhookPath: string;
  secretPrefix: string;
}

/** The environment's Stripe webhook signing secret: only its prefix is ever read back. */
export function createStripeModel(envId: string) {
  const current = fetched(() => api<{ stripe: StripeView | null }>('GET', envPath(envId, 'stripe-secret')));
  const secret = signal('');
  const dirty = computed(() => secret.value.trim() !== '');
  const save = action(async () => {
    const answer = await api<{ stripe: StripeView }>('PUT', envPath(envId, 'stripe-secret'), { secret: secret.value.trim() });
    current.data.value = answer;
    secret.value = '';
  });
  return { current, secret, dirty, save };
}
export type StripeModel = ReturnType<typeof createStripeModel>;
