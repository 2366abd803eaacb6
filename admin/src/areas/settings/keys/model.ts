import { signal } from '@preact/signals';
import type { SecretKeyView } from '../../../../../shared/schemas/admin';
import { api, envPath } from '../../../api';
import { action, fetched } from '../../common/requests';

interface KeyList {
  keys: SecretKeyView[];
}

/** An environment's named secret keys: the list, making one (its key shown once) and revoking one. */
export function createSecretKeysModel(envId: string) {
  const list = fetched(() => api<KeyList>('GET', envPath(envId, 'secret-keys')));
  const name = signal('');
  /** The key just made, in full: the only time anyone sees it. Cleared once acknowledged. */
  const created = signal<{ name: string; secretKey: string } | null>(null);

  const create = action(async () => {
    const answer = await api<{ key: SecretKeyView; secretKey: string }>('POST', envPath(envId, 'secret-keys'), { name: name.value });
    created.value = { name: answer.key.name, secretKey: answer.secretKey };
    name.value = '';
    await list.load();
  });

  const revoke = action(async (id: string) => {
    await api<null>('DELETE', envPath(envId, `secret-keys/${encodeURIComponent(id)}`));
    await list.load();
  });

  return { list, name, created, create, revoke };
}
export type SecretKeysModel = ReturnType<typeof createSecretKeysModel>;
