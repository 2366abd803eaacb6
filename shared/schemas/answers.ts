import { z } from 'zod';
import { Catalog, Feature } from './catalog';
import { Context } from './context';
import { ContentChanges, VersionView } from './publishing';
import { BannerPosition, Content, Rule, Surface, Tone } from './rule';
import { Settings } from './settings';

// Answers of the API that had only a TypeScript shape so far. The OpenAPI document
// (server/http/openapi/) describes them with these schemas, and test/server/openapi-drift.test.ts
// parses real answers with them, so the document cannot promise what the server does not send.

/** A problem lint finds in a draft that does not stop it from being saved (`server/services/lint.ts`). */
export const LintWarning = z.object({ code: z.string(), message: z.string(), path: z.array(z.union([z.string(), z.number()])) });
export type LintWarning = z.infer<typeof LintWarning>;

/** `GET /v1/rules`: every stored draft; those that no longer validate are also named in `invalid`. */
export const RuleList = z.object({
  rules: z.array(z.union([Rule, z.looseObject({})])),
  invalid: z.array(z.object({ id: z.unknown(), issues: z.array(z.object({ path: z.string(), message: z.string() })) })).optional(),
});
export type RuleList = z.infer<typeof RuleList>;

export const RuleAnswer = z.object({ rule: Rule });
export type RuleAnswer = z.infer<typeof RuleAnswer>;
/** `PUT /v1/rules/:id`: the saved draft and what lint says about it. */
export const RuleSaved = z.object({ rule: Rule, warnings: z.array(LintWarning) });
export type RuleSaved = z.infer<typeof RuleSaved>;

export const CatalogAnswer = z.object({ catalog: Catalog });
export type CatalogAnswer = z.infer<typeof CatalogAnswer>;
/** `PUT /v1/catalog`: the saved catalog and the draft rules it leaves broken, each named. */
export const CatalogSaved = z.object({
  catalog: Catalog,
  warnings: z.array(LintWarning.extend({ ruleId: z.string(), ruleName: z.string() })),
});
export type CatalogSaved = z.infer<typeof CatalogSaved>;

export const SettingsAnswer = z.object({ settings: Settings });
export type SettingsAnswer = z.infer<typeof SettingsAnswer>;

export const VersionList = z.object({ versions: z.array(VersionView) });
export type VersionList = z.infer<typeof VersionList>;
/** `GET /v1/versions/:n/changes`: what rolling back to version n would change in the live config. */
export const VersionChanges = ContentChanges.extend({ live: z.number().int().positive().nullable() });
export type VersionChanges = z.infer<typeof VersionChanges>;

/** `GET|PUT /v1/webhooks/stripe/secret`: where Stripe should post, and which secret is set. */
export const StripeSecretView = z.object({
  stripe: z.object({ webhookPath: z.string(), secretPrefix: z.string() }).nullable(),
});
export type StripeSecretView = z.infer<typeof StripeSecretView>;

/** `POST /v1/webhooks/stripe`: what the event did (or why it was ignored). */
export const StripeReceipt = z.looseObject({ received: z.literal(true), ignored: z.string().optional(), created: z.boolean().optional() });
export type StripeReceipt = z.infer<typeof StripeReceipt>;

/** A prompt ready to render, as `POST /v1/decide` and previews answer it (`Prompt` in `shared/engine/types.ts`). */
export const PromptView = z.object({
  ruleId: z.string(),
  tier: z.string().optional(),
  variant: z.string().optional(),
  surface: Surface,
  /** The inline slot, for inline prompts. */
  slot: z.string().optional(),
  /** The catalog's feature a feature-gate or trial prompt is about. */
  feature: Feature.optional(),
  configVersion: z.number().int(),
  /** The person tried the locked feature it explains. */
  asked: z.literal(true).optional(),
  tone: Tone,
  position: BannerPosition.optional(),
  /** Copy with every template filled in. */
  content: Content,
  offer: z.object({
    type: z.enum(['upgrade', 'addon', 'seats', 'trial', 'contact_sales']),
    id: z.string().optional(),
    name: z.string().optional(),
    plan: z.object({ id: z.string(), name: z.string() }).optional(),
    days: z.number().optional(),
    /** Checkout or sales link with `upshift_rule`, `upshift_variant` and `upshift_tier` appended. */
    href: z.string().optional(),
  }),
  metric: z.object({ id: z.string(), name: z.string(), usage: z.number(), limit: z.number().optional(), percent: z.number().optional(), unit: z.string().optional() }).optional(),
});
export type PromptView = z.infer<typeof PromptView>;

/** Why a rule did or did not show: the engine's machine code and params, and a sentence. */
export const ExplainedReason = z.object({
  ruleId: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  tier: z.string().optional(),
  variant: z.string().optional(),
  message: z.string(),
});
export type ExplainedReason = z.infer<typeof ExplainedReason>;

/** `POST /v1/decide`: the evaluation the widget would run, on the live config. */
export const DecideAnswer = z.object({
  configVersion: z.number().int().nullable(),
  prompt: PromptView.nullable(),
  placed: z.array(PromptView),
  reasons: z.array(ExplainedReason),
});
export type DecideAnswer = z.infer<typeof DecideAnswer>;

/** `GET /v1/accounts`: accounts seen lately, newest first, with the context the widget last sent. */
export const AccountsAnswer = z.object({
  accounts: z.array(z.object({ accountId: z.string(), plan: z.string(), lastSeen: z.string(), usage: z.record(z.string(), z.number()), userId: z.string(), context: Context })),
});
export type AccountsAnswer = z.infer<typeof AccountsAnswer>;

/** `POST /v1/preview`: what drafts and the live config would show one customer (`PreviewResponse`). */
export const PreviewAnswer = z.object({
  context: Context,
  drafts: DecideAnswer,
  live: DecideAnswer.nullable(),
  /** Every template variable with the text it fills in for this customer. */
  variables: z.array(z.object({ path: z.string(), text: z.string() })),
});
export type PreviewAnswer = z.infer<typeof PreviewAnswer>;

const ReachCount = z.object({ id: z.string(), accounts: z.number().int() });

/** `POST /v1/reach`: how many of the accounts seen in the last 30 days a rule would reach, and why not the others (`ReachResponse`). */
export const ReachAnswer = z.object({
  accounts: z.number().int(),
  eligible: z.number().int(),
  shown: z.number().int(),
  outranked: z.number().int(),
  overBudget: z.number().int(),
  heldOut: z.object({ rule: z.number().int(), global: z.number().int() }),
  tiers: z.array(ReachCount),
  variants: z.array(ReachCount),
  displaced: z.array(ReachCount),
  missed: z.array(ReachCount),
});
export type ReachAnswer = z.infer<typeof ReachAnswer>;

/** `GET /healthz`. */
export const Health = z.object({ status: z.literal('ok'), version: z.string() });
export type Health = z.infer<typeof Health>;
