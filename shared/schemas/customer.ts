import { z } from 'zod';
import type { ExplainedReason } from '../engine/explain';
import type { Prompt } from '../engine/types';
import { ExternalId } from './common';
import { Context, MetricValues } from './context';
import { Rule } from './rule';

/**
 * Preview as a customer and reach (`/v1/admin/environments/:env/accounts|preview|reach`, and the
 * same under `/v1/…` with a secret key): recent real accounts, the engine's decision for one of
 * them (or a context filled in by hand) with the drafts and with the live version, and how many
 * recent accounts a draft rule would reach.
 */

/** `GET …/accounts?q=acc&limit=20`: accounts seen in the last 30 days whose id contains `q`. */
export const AccountsQuery = z.object({
  q: z.string().max(256).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type AccountsQuery = z.infer<typeof AccountsQuery>;

/** One recent account, as the widget last described it. */
export interface RecentAccount {
  accountId: string;
  plan: string;
  /** ISO time of the latest `POST /v1/state` from the account. */
  lastSeen: string;
  usage: MetricValues;
  /** The person the latest visit came from: their history is what the preview judges frequency by. */
  userId: string;
  /** The context the preview rebuilds: plan, usage, limits, add-ons, age, health, locale. */
  context: Context;
}

export interface AccountsResponse {
  accounts: RecentAccount[];
}

/** `POST …/preview`: a recent account or a context by hand, and optionally the editor's unsaved rule. */
export const PreviewRequest = z
  .object({ accountId: ExternalId.optional(), context: Context.optional(), rule: Rule.optional() })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.accountId === undefined) === (r.context === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either an account id or a context, not both', path: [r.accountId === undefined ? 'accountId' : 'context'] });
    }
  });
export type PreviewRequest = z.infer<typeof PreviewRequest>;

/** What one version of the config decides for the context. */
export interface PreviewDecision {
  /** The live version's number; null for the drafts. */
  configVersion: number | null;
  /** The interruptive prompt that would show now, worded, or null. */
  prompt: Prompt | null;
  /** Inline and panel prompts. */
  placed: Prompt[];
  /** Every rule's outcome in the words of `Upshift.debug()`. */
  reasons: ExplainedReason[];
}

/** One template variable with the value the copy would show for this context, e.g. `plan.name` → `Pro`. */
export interface TemplateVariable {
  path: string;
  /** As `{{path}}` renders in the person's locale. */
  text: string;
}

export interface PreviewResponse {
  /** The context judged: the account's as stored, or the one filled in. */
  context: Context;
  /** With the unpublished drafts (the unsaved rule in place of its draft, judged as if live). */
  drafts: PreviewDecision;
  /** With the live version; null before the first publish. */
  live: PreviewDecision | null;
  /** The template variables for the edited rule (or, when it does not show, the account's own). */
  variables: TemplateVariable[];
}

/** `POST …/reach`: the draft rule to estimate, possibly unsaved. */
export const ReachRequest = z.object({ rule: Rule }).strict();
export type ReachRequest = z.infer<typeof ReachRequest>;

export interface ReachCount {
  id: string;
  accounts: number;
}

export interface ReachResponse {
  /** Accounts seen in the last 30 days. */
  accounts: number;
  /** Accounts for which the rule passes every check of its own (shown, outranked or over budget). */
  eligible: number;
  /** Eligible accounts that would see it today. */
  shown: number;
  /** Eligible accounts where a higher-ranked rule takes the place first. */
  outranked: number;
  /** Eligible accounts whose person already had their interruptive prompts for the day or week. */
  overBudget: number;
  /** Accounts that reach the rule but sit in its holdout, or the global one. */
  heldOut: { rule: number; global: number };
  /** Eligible accounts by ladder tier and by variant (the rule's own, before arbitration). */
  tiers: ReachCount[];
  variants: ReachCount[];
  /** Live rules this one outranks, with the accounts where it takes their place. */
  displaced: ReachCount[];
  /** Why the other accounts do not reach it: count by reason code, most first. */
  missed: ReachCount[];
}
