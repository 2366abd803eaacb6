import type { z } from 'zod';
import type { ExplainedReason } from '../shared/engine/explain';
import type { Prompt } from '../shared/engine/types';
import type { Catalog } from '../shared/schemas/catalog';
import type { ConversionInput, ConversionResult, ConversionView } from '../shared/schemas/conversion';
import type { DecideRequest } from '../shared/schemas/decide';
import type { DraftChangesView, ExportFile, ImportView, PublishInput, RollbackInput, VersionView } from '../shared/schemas/publishing';
import type { Rule } from '../shared/schemas/rule';
import type { Settings } from '../shared/schemas/settings';

// Requests are the schemas' input types (defaults may be left out), answers their output types:
// the very schemas the routes validate with, so a change there is a type error here.

export type DecideInput = z.input<typeof DecideRequest>;
/** `POST /v1/decide`: the prompt to show, if any, the placed prompts, and why each rule did or did not show. */
export interface DecideAnswer {
  configVersion: number;
  prompt: Prompt | null;
  placed: Prompt[];
  reasons: ExplainedReason[];
}

export type NewConversion = z.input<typeof ConversionInput>;
export type { Catalog, ConversionResult, ConversionView, DraftChangesView, ExportFile, ImportView, Rule, Settings, VersionView };
export type RuleInput = z.input<typeof Rule>;
export type CatalogInput = z.input<typeof Catalog>;
export type SettingsInput = z.input<typeof Settings>;
export type PublishOptions = z.input<typeof PublishInput>;
export type RollbackOptions = z.input<typeof RollbackInput>;

/** A problem that does not stop a draft from being saved but would surprise whoever publishes it. */
export interface LintWarning {
  code: string;
  message: string;
  path: (string | number)[];
}

/** `GET /v1/rules`: every stored draft; those that no longer validate are also named in `invalid`. */
export interface RuleList {
  rules: Rule[];
  invalid?: { id: unknown; issues: { path: string; message: string }[] }[];
}

/** `PUT /v1/rules/:id`: the saved rule and what would surprise whoever publishes it. */
export interface SavedRule {
  rule: Rule;
  warnings: LintWarning[];
}

/** `PUT /v1/catalog`: the saved catalog and the draft rules it leaves pointing at nothing. */
export interface SavedCatalog {
  catalog: Catalog;
  warnings: (LintWarning & { ruleId: string; ruleName: string })[];
}
