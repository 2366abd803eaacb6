import { signal } from '@preact/signals';
import type { Context } from '../../../../../shared/schemas/context';
import type { AccountsResponse, PreviewResponse, ReachResponse, RecentAccount } from '../../../../../shared/schemas/customer';
import { api, ApiFailure, envPath } from '../../../api';
import { previewAccount } from '../../../model/preview-account';

/**
 * Preview as a customer and reach: the recent accounts found, the last decision and the last
 * estimate, each with its loading state and failure. One editor is open at a time, so one set.
 */
export const found = signal<RecentAccount[] | null>(null);
export const searching = signal(false);
export const searchError = signal<string | null>(null);

export const decision = signal<PreviewResponse | null>(null);
export const deciding = signal(false);
export const decisionError = signal<ApiFailure | null>(null);

export const estimate = signal<ReachResponse | null>(null);
export const estimating = signal(false);
export const estimateError = signal<ApiFailure | null>(null);

const failure = (e: unknown): ApiFailure => (e instanceof ApiFailure ? e : new ApiFailure(0, 'error', e instanceof Error ? e.message : String(e)));

// Each search, preview and estimate is numbered; only the latest may write its answer, so a slow
// earlier one never overwrites what the person asked for last.
let searchTurn = 0;
let decideTurn = 0;
let estimateTurn = 0;

/** Accounts seen in the last 30 days whose id contains `q`. */
export async function searchAccounts(envId: string, q: string): Promise<void> {
  const turn = ++searchTurn;
  searching.value = true;
  searchError.value = null;
  try {
    const answer = await api<AccountsResponse>('GET', `${envPath(envId, 'accounts')}?q=${encodeURIComponent(q.trim())}&limit=20`);
    if (turn === searchTurn) found.value = answer.accounts;
  } catch (e) {
    if (turn === searchTurn) searchError.value = failure(e).message;
  } finally {
    if (turn === searchTurn) searching.value = false;
  }
}

/** The question the preview asks: a recent account by id, or a context filled in by hand. */
export type Customer = { accountId: string; label: string; context: Context } | { context: Context; label: string };

/**
 * Asks what `customer` would see with the drafts (the editor's unsaved `rule` in place) and live,
 * and makes them the editor's previewed account, so the live preview and the variable picker use
 * the same numbers.
 */
export async function previewAs(envId: string, customer: Customer, rule: unknown): Promise<void> {
  const turn = ++decideTurn;
  deciding.value = true;
  decisionError.value = null;
  const body = { ...('accountId' in customer ? { accountId: customer.accountId } : { context: customer.context }), ...(rule === undefined ? {} : { rule }) };
  try {
    const answer = await api<PreviewResponse>('POST', envPath(envId, 'preview'), body);
    if (turn !== decideTurn) return;
    decision.value = answer;
    previewAccount.value = { source: 'accountId' in customer ? 'account' : 'manual', label: customer.label, context: answer.context };
  } catch (e) {
    if (turn === decideTurn) {
      decision.value = null;
      decisionError.value = failure(e);
    }
  } finally {
    if (turn === decideTurn) deciding.value = false;
  }
}

/** How many recent accounts `rule` would reach today. */
export async function estimateReach(envId: string, rule: unknown): Promise<void> {
  const turn = ++estimateTurn;
  estimating.value = true;
  estimateError.value = null;
  try {
    const answer = await api<ReachResponse>('POST', envPath(envId, 'reach'), { rule });
    if (turn === estimateTurn) estimate.value = answer;
  } catch (e) {
    if (turn === estimateTurn) {
      estimate.value = null;
      estimateError.value = failure(e);
    }
  } finally {
    if (turn === estimateTurn) estimating.value = false;
  }
}

/** Forgets every answer, e.g. when the editor closes or the environment changes. */
export function resetCustomerPanels(): void {
  searchTurn++;
  decideTurn++;
  estimateTurn++;
  found.value = null;
  decision.value = null;
  estimate.value = null;
  searchError.value = decisionError.value = estimateError.value = null;
  searching.value = deciding.value = estimating.value = false;
}
