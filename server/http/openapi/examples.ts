import { exampleCatalog, exampleRules } from '../../../shared/examples';
import { EXPORT_FORMAT, type ExportFile, type VersionView } from '../../../shared/schemas/publishing';
import type { ConversionInput, ConversionResult } from '../../../shared/schemas/conversion';
import type { EventBatch, EventBatchResult } from '../../../shared/schemas/event';
import type { Context } from '../../../shared/schemas/context';
import type { Rule } from '../../../shared/schemas/rule';
import type { Settings } from '../../../shared/schemas/settings';

// Request examples for the document, typed by the very schemas the routes validate with, so a
// schema change that breaks one fails typecheck; test/server/openapi-drift.test.ts also sends each
// to a real app and checks it is not refused as invalid. They build on the README walkthrough's
// catalog and rules (shared/examples.ts): PUT the catalog first and the rules fit it.

const [ladder] = exampleRules as [Rule, Rule];

export const catalogExample = exampleCatalog;

/** The walkthrough's usage ladder with its first tier at 75 % instead of 70 %: a typical edit. */
export const ruleExample: Rule = {
  ...ladder,
  trigger: ladder.trigger.type === 'usage' ? { ...ladder.trigger, tiers: ladder.trigger.tiers.map((t, i) => (i === 0 ? { ...t, at: { percent: 75 } } : t)) } : ladder.trigger,
};

export const settingsExample: Settings = { attribution: { windowDays: 14, fallback: 'impression' } };

export const publishExample = { note: 'Ladder speaks at 75 % instead of 70 %' };
export const rollbackExample = { note: 'The 75 % tier annoyed Starter accounts' };

export const exportFileExample: ExportFile = {
  format: EXPORT_FORMAT,
  formatVersion: 1,
  exportedAt: '2026-12-01T09:30:00.000Z',
  environment: { name: 'Staging' },
  catalog: exampleCatalog,
  rules: [...exampleRules],
  settings: settingsExample,
};

export const importExample = { file: exportFileExample, dryRun: true };

export const contextExample: Context = {
  user: { id: 'user_8412', role: 'admin', locale: 'en-US' },
  account: { id: 'acct_globex', plan: 'starter', traits: { employees: 40 } },
  usage: { api_calls: 8_700, seats: 4 },
  limits: { api_calls: 10_000, seats: 5 },
};

export const decideExample = { context: contextExample };

export const conversionExample: ConversionInput = {
  account: 'acct_globex',
  type: 'upgrade',
  mrrDelta: 150,
  currency: 'USD',
  plan: 'pro',
  at: '2026-12-01T10:15:00.000Z',
  idempotencyKey: 'stripe:sub_1QbKx2:2026-12-01',
};

export const eventsExample: EventBatch = {
  events: [
    { id: '0193a6f0-1c2d-7a3b-8c4d-5e6f7a8b9c0d', at: '2026-12-01T10:00:00.000Z', userId: 'user_8412', accountId: 'acct_globex', type: 'impression', ruleId: 'api-calls-ladder', tier: 'p85', surface: 'banner', configVersion: 1 },
    { id: '0193a6f0-1c2d-7a3b-8c4d-5e6f7a8b9c0e', at: '2026-12-01T10:00:05.000Z', userId: 'user_8412', accountId: 'acct_globex', type: 'click', ruleId: 'api-calls-ladder', tier: 'p85', surface: 'banner', configVersion: 1 },
    { id: '0193a6f0-1c2d-7a3b-8c4d-5e6f7a8b9c0f', at: '2026-12-01T10:01:00.000Z', userId: 'user_8412', accountId: 'acct_globex', type: 'track', name: 'report.exported' },
  ],
};

export const stateExample = { user: 'user_8412', account: 'acct_globex', plan: 'starter', usage: { api_calls: 8_700 }, limits: { api_calls: 10_000 } };

export const trialExample = { userId: 'user_8412', accountId: 'acct_globex', ruleId: 'automations-trial', feature: 'automations', surface: 'panel' as const };

export const adminRequestExample = { userId: 'user_8412', accountId: 'acct_globex', ruleId: 'automations-trial', role: 'member', note: 'We need automations for the Monday report.' };

export const previewExample = { context: contextExample };
export const reachExample = { rule: ruleExample };

// Answers, typed by the schemas the document describes them with.

export const eventsAnswerExample: EventBatchResult = { accepted: 3, duplicates: 0 };

/** The conversion above, credited to the click on the ladder's 85 % banner an hour before. */
export const conversionAnswerExample: ConversionResult = {
  conversion: {
    id: 'conv_01JEQ4M0Z8K2',
    ...conversionExample,
    plan: 'pro',
    source: 'api',
    touch: { type: 'click', ruleId: 'api-calls-ladder', variant: null, tier: 'p85', surface: 'banner', at: '2026-12-01T09:12:00.000Z' },
    holdout: { global: false, rules: [] },
    createdAt: '2026-12-01T10:15:02.000Z',
  },
  created: true,
};

export const versionExample: VersionView = {
  version: 7,
  etag: '"v7-3kq9Zx"',
  publishedAt: '2026-12-01T10:30:00.000Z',
  publishedBy: 'secret key "GitHub Actions" (sk_AbCd…)',
  note: publishExample.note,
};
