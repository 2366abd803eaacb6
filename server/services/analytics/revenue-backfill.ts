import type { Store } from '../../store/types';
import { revenueRollup } from './revenue-rollup';

const BATCH = 500;

/**
 * Classifies the accounts whose conversions were stored before MRR movements existed (migration
 * 20 lists them), a batch per transaction, so a restart resumes where a stopped run left off. Run
 * at startup; one empty read once every account is done. Answers how many accounts it classified.
 */
export async function classifyStoredConversions(store: Store): Promise<number> {
  let done = 0;
  for (;;) {
    const accounts = await store.pendingRevenueAccounts(BATCH);
    if (accounts.length === 0) return done;
    await store.reclassifyAccounts(accounts, revenueRollup);
    done += accounts.length;
  }
}
