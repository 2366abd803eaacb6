import { signal } from '@preact/signals';
import type { Catalog } from '../../../shared/schemas/catalog';
import type { Context } from '../../../shared/schemas/context';

/**
 * The account the rule editor previews with. One signal for the whole editor, so the live preview,
 * the template-variable picker and "preview as a customer" fill their numbers from the same
 * customer: a recent real account (`source: 'account'`) or one filled in by hand.
 */
export interface PreviewAccount {
  source: 'account' | 'manual';
  /** What the picker shows, e.g. `acct_42 (pro)`. */
  label: string;
  context: Context;
}

/** Share of each limit the sample account has used: past the playbook's 70 and 85 % notices. */
const SAMPLE_SHARE = 0.86;

/**
 * A plausible customer for previews before anyone picks one: a healthy account past the 90-day guard, on the
 * catalog's first plan that has limits, using 86 % of each (so `{{usage}}` and `{{percent}}` read
 * as numbers, not blanks).
 */
export function sampleContext(catalog: Catalog | null): Context {
  const plan = catalog?.plans.find((p) => Object.keys(p.limits).length) ?? catalog?.plans[0];
  const usage = Object.fromEntries(Object.entries(plan?.limits ?? {}).map(([metric, limit]) => [metric, Math.round(limit * SAMPLE_SHARE)]));
  return {
    user: { id: 'preview-user', locale: 'en' },
    account: { id: 'preview-account', plan: plan?.id ?? 'pro', createdAt: '2025-12-01T00:00:00.000Z', health: 80 },
    usage,
  };
}

export const previewAccount = signal<PreviewAccount | null>(null);

/** The context previews use now: the chosen account's, else the sample for this catalog. */
export const previewContext = (catalog: Catalog | null): Context => previewAccount.value?.context ?? sampleContext(catalog);
