import type { Store } from '../store/types';
import { revenueRollup } from './revenue-rollup';

const BATCH = 500;

/**
 * Classifies the accounts whose conversions have no movements yet: those stored before the
 * movements table existed (migration 20). Run at startup; a no-op once every account is classified.
 * Each account is its own transaction, so a restart resumes where a stopped run left off.
 */
export async function classifyStoredConversions(store: Store): Promise<number> {
  // An account that still reads as unclassified after its rewrite would loop forever: stop at it.
  const seen = new Set<string>();
  for (;;) {
    const accounts = (await store.unclassifiedAccounts(BATCH)).filter((a) => !seen.has(`${a.environmentId}\u0000${a.accountId}`));
    for (const { environmentId, accountId } of accounts) {
      seen.add(`${environmentId}\u0000${accountId}`);
      await store.reclassifyAccount(environmentId, accountId, revenueRollup);
    }
    if (accounts.length === 0) return seen.size;
  }
}
