import { z } from 'zod';
import { Catalog, Feature } from './catalog';
import { Context } from './context';
import { ContentChanges, VersionView } from './publishing';
import { Content, Rule, Surface, Tone } from './rule';
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
/** `PUT /v1/rules/:id`: the saved draft and what lint says about it. */
export const RuleSaved = z.object({ rule: Rule, warnings: z.array(LintWarning) });

export const CatalogAnswer = z.object({ catalog: Catalog });
/** `PUT /v1/catalog`: the saved catalog and the draft rules it leaves broken, each named. */
export const CatalogSaved = z.object({
  catalog: Catalog,
  warnings: z.array(LintWarning.extend({ ruleId: z.string(), ruleName: z.string() })),
});

export const SettingsAnswer = z.object({ settings: Settings });

export const VersionList = z.object({ versions: z.array(VersionView) });
/** `GET /v1/versions/:n/changes`: what rolling back to version n would change in the live config. */
export const VersionChanges = ContentChanges.extend({ live: z.number().int().positive().nullable() });

/** `GET|PUT /v1/webhooks/stripe/secret`: where Stripe should post, and which secret is set. */
export const StripeSecretView = z.object({
  stripe: z.object({ webhookPath: z.string(), secretPrefix: z.string() }).nullable(),
});

/** `POST /v1/webhooks/stripe`: what the event did (or why it was ignored). */
export const StripeReceipt = z.looseObject({ received: z.literal(true), ignored: z.string().optional(), created: z.boolean().optional() });

/** A prompt ready to render, as `POST /v1/decide` and previews answer it (`shared/engine/types.ts`). */
export const PromptView = z.looseObject({
  ruleId: z.string(),
  tier: z.string().optional(),
  variant: z.string().optional(),
  surface: Surface,
  slot: z.string().optional(),
  feature: Feature.optional(),
  configVersion: z.number().int(),
  tone: Tone,
  content: Content,
  offer: z.looseObject({ type: z.string() }),
});

/** Why a rule did or did not show: the engine's machine code and params, and a sentence. */
export const ExplainedReason = z.looseObject({
  ruleId: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  tier: z.string().optional(),
  variant: z.string().optional(),
  message: z.string(),
});

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

/** `POST /v1/preview`: what drafts and the live config would show one customer. */
export const PreviewAnswer = z.looseObject({
  context: Context,
  drafts: DecideAnswer,
  live: DecideAnswer.nullable(),
  variables: z.array(z.object({ path: z.string(), text: z.string() })),
});

/** `POST /v1/reach`: how many recent accounts a rule would reach. */
export const ReachAnswer = z.looseObject({ accounts: z.number().int(), eligible: z.number().int(), shown: z.number().int() });

/** `GET /healthz`. */
export const Health = z.object({ status: z.literal('ok'), version: z.string() });
