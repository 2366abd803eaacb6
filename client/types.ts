import type { z } from 'zod';
import type { CatalogSaved, DecideAnswer, LintWarning, RuleList, RuleSaved } from '../shared/schemas/answers';
import type { Catalog } from '../shared/schemas/catalog';
import type { ConversionInput, ConversionResult, ConversionView } from '../shared/schemas/conversion';
import type { DecideRequest } from '../shared/schemas/decide';
import type { DraftChangesView, ExportFile, ImportView, PublishInput, RollbackInput, VersionView } from '../shared/schemas/publishing';
import type { Rule } from '../shared/schemas/rule';
import type { Settings } from '../shared/schemas/settings';

// Requests are the schemas' input types (defaults may be left out), answers their output types:
// the schemas the routes validate with and the OpenAPI document describes them by, so a change
// there is a type error here.

export type DecideInput = z.input<typeof DecideRequest>;
export type NewConversion = z.input<typeof ConversionInput>;
export type RuleInput = z.input<typeof Rule>;
export type CatalogInput = z.input<typeof Catalog>;
export type SettingsInput = z.input<typeof Settings>;
export type PublishOptions = z.input<typeof PublishInput>;
export type RollbackOptions = z.input<typeof RollbackInput>;

export type {
  Catalog, CatalogSaved, ConversionResult, ConversionView, DecideAnswer, DraftChangesView, ExportFile, ImportView, LintWarning, Rule, RuleList, RuleSaved,
  Settings, VersionView,
};
