import { signal } from '@preact/signals';
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

/** A plausible customer for previews before anyone picks one: 84 % of a 25-seat limit, 200 days old. */
export const SAMPLE_CONTEXT: Context = {
  user: { id: 'preview-user', locale: 'en' },
  account: { id: 'preview-account', plan: 'pro', createdAt: '2026-01-01T00:00:00.000Z', health: 80 },
  usage: {},
};

export const previewAccount = signal<PreviewAccount | null>(null);

/** The context previews use now: the chosen account's, else the sample. */
export const previewContext = (): Context => previewAccount.value?.context ?? SAMPLE_CONTEXT;
