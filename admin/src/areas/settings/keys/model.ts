import { signal } from '@preact/signals';
import type { SecretKeyView } from '../../../../../shared/schemas/admin';
import { api, envPath } from '../../../api';
import { action } from '../../common/action';
import { resource } from '../../common/resource';

interface KeyList {
  keys: SecretKeyView[];
}

/** An environment's named secret keys: the list, making one (its key shown once) and revoking one. */
export function createSecretKeysModel(envId: string) {
  const list = resource(() => api<KeyList>('GET', envPath(envId, 'secret-keys')));
  const name = signal('');
  /** The key just made, in full: the only time anyone sees it. Cleared once acknowledged. */
  const created = signal<{ name: string; secretKey: string } | null>(null);

  const create = action(async () => {
    const answer = await api<{ key: SecretKeyView; secretKey: string }>('POST', envPath(envId, 'secret-keys'), { name: name.value });
    created.value = { name: answer.key.name, secretKey: answer.secretKey };
    name.value = '';
    await list.reload();
  });

  const revoke = action(async (id: string) => {
    await api<null>('DELETE', envPath(envId, `secret-keys/${encodeURIComponent(id)}`));
    await list.reload();
  });

  return { list, name, created, create, revoke };
}
export type SecretKeysModel = ReturnType<typeof createSecretKeysModel>;
