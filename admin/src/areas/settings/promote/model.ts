import { computed, signal } from '@preact/signals';
import type { PromoteView } from '../../../../../shared/schemas/admin';
import { api, envPath } from '../../../api';
import { action } from '../../common/requests';

/**
 * Promote copies this environment's drafts (catalog, rules, settings) into another one. The diff
 * comes first (`dryRun: true`); applying is only offered for the target whose diff is on screen.
 */
export function createPromoteModel(envId: string) {
  const target = signal('');
  const diff = signal<{ to: string; view: PromoteView } | null>(null);
  const applied = signal<{ to: string; count: number } | null>(null);
  const diffShown = computed(() => (diff.value && diff.value.to === target.value ? diff.value.view : null));

  const choose = (to: string) => {
    target.value = to;
    applied.value = null;
  };
  const preview = action(async () => {
    const to = target.value;
    applied.value = null;
    diff.value = { to, view: await api<PromoteView>('POST', envPath(envId, 'promote'), { to, dryRun: true }) };
  });
  const apply = action(async () => {
    const to = target.value;
    const view = await api<PromoteView>('POST', envPath(envId, 'promote'), { to, dryRun: false });
    applied.value = { to, count: view.changes.length };
    diff.value = null;
  });

  return { target, diffShown, applied, choose, preview, apply };
}
export type PromoteModel = ReturnType<typeof createPromoteModel>;
