import { z } from 'zod';
import { Catalog } from '../../../shared/schemas/catalog';
import { Key } from '../../../shared/schemas/common';
import { Config } from '../../../shared/schemas/config';
import { DraftChangesView, ExportFile, ImportInput, ImportView, PublishInput, RollbackInput, VersionView } from '../../../shared/schemas/publishing';
import { Rule } from '../../../shared/schemas/rule';
import { Settings } from '../../../shared/schemas/settings';
import { CatalogAnswer, CatalogSaved, RuleAnswer, RuleList, RuleSaved, SettingsAnswer, VersionChanges, VersionList } from '../../../shared/schemas/answers';
import { catalogExample, importExample, publishExample, rollbackExample, ruleExample, settingsExample, versionExample } from './examples';
import type { ScopedResource } from './scoped';

const RuleId = z.object({ id: Key.meta({ description: 'The rule id, as in its body' }) });
const VersionN = z.object({ n: z.int().positive().meta({ description: 'A published version number' }) });

/** Drafts of rules, the catalog and settings; publishing, versions and rollback; export and import. */
export const rulesAsCode: readonly ScopedResource[] = [
  {
    base: '/rules',
    tag: 'Rules',
    specs: [
      { method: 'get', path: '', id: 'listRules', summary: 'List draft rules', description: 'Every stored draft; drafts that no longer validate are also named in `invalid` so they can be fixed.', ok: { 200: { description: 'The drafts', schema: RuleList } } },
      { method: 'get', path: '/{id}', id: 'getRule', summary: 'Get a draft rule', params: { path: RuleId }, ok: { 200: { description: 'The draft', schema: RuleAnswer } }, errors: [400, 404] },
      {
        method: 'put',
        path: '/{id}',
        id: 'putRule',
        summary: 'Create or replace a draft rule',
        description: 'Validated by the schema the config uses and checked against the draft catalog (unknown attributes, operators that do not fit). The answer carries lint warnings. Nothing reaches widgets until a publish.',
        params: { path: RuleId },
        body: { schema: Rule, example: ruleExample },
        ok: { 200: { description: 'Replaced', schema: RuleSaved }, 201: { description: 'Created', schema: RuleSaved } },
      },
      { method: 'delete', path: '/{id}', id: 'deleteRule', summary: 'Delete a draft rule', params: { path: RuleId }, ok: { 204: { description: 'Deleted' } }, errors: [400, 404] },
    ],
  },
  {
    base: '/catalog',
    tag: 'Catalog',
    specs: [
      { method: 'get', path: '', id: 'getCatalog', summary: 'Get the draft catalog', ok: { 200: { description: 'The draft catalog', schema: CatalogAnswer } }, errors: [404] },
      {
        method: 'put',
        path: '',
        id: 'putCatalog',
        summary: 'Replace the draft catalog',
        description: 'The answer names each draft rule the new catalog leaves broken (a metric, plan or feature it names is gone).',
        body: { schema: Catalog, example: catalogExample },
        ok: { 200: { description: 'Saved', schema: CatalogSaved } },
      },
    ],
  },
  {
    base: '/settings',
    tag: 'Settings',
    specs: [
      { method: 'get', path: '', id: 'getSettings', summary: 'Get the draft settings', ok: { 200: { description: 'The draft settings (`{}` when none were saved)', schema: SettingsAnswer } } },
      { method: 'put', path: '', id: 'putSettings', summary: 'Replace the draft settings', body: { schema: Settings, example: settingsExample }, ok: { 200: { description: 'Saved', schema: SettingsAnswer } } },
    ],
  },
  {
    base: '/publish',
    tag: 'Versions',
    specs: [
      {
        method: 'post',
        path: '',
        id: 'publish',
        summary: 'Publish the drafts',
        description: 'Validates and lints the drafts and makes them a new immutable version, served at once under a new ETag. A person in the console must give a note; a secret key may leave it out. The body is optional.',
        body: { schema: PublishInput, example: publishExample, optional: true },
        ok: { 201: { description: 'The new version', schema: VersionView, example: versionExample } },
        errors: [409, 422],
      },
    ],
  },
  {
    base: '/versions',
    tag: 'Versions',
    specs: [
      { method: 'get', path: '', id: 'listVersions', summary: 'List published versions', ok: { 200: { description: 'Newest first', schema: VersionList } } },
      { method: 'get', path: '/{n}', id: 'getVersion', summary: 'Get a published config', params: { path: VersionN }, ok: { 200: { description: 'The config exactly as it was served', schema: Config } }, errors: [400, 404] },
      { method: 'get', path: '/{n}/changes', id: 'getVersionChanges', summary: 'What rolling back to a version would change', params: { path: VersionN }, ok: { 200: { description: 'Changes against the live config', schema: VersionChanges } }, errors: [400, 404, 409] },
      {
        method: 'post',
        path: '/{n}/rollback',
        id: 'rollback',
        summary: 'Roll back to a version',
        description: 'Republishes the version’s content as a new version; drafts are left as they are. The body is optional.',
        params: { path: VersionN },
        body: { schema: RollbackInput, example: rollbackExample, optional: true },
        ok: { 201: { description: 'The new version', schema: VersionView } },
        errors: [404, 409],
      },
    ],
  },
  {
    base: '/changes',
    tag: 'Versions',
    specs: [{ method: 'get', path: '', id: 'getDraftChanges', summary: 'What publishing now would change', ok: { 200: { description: 'Drafts against the live version, field by field', schema: DraftChangesView } } }],
  },
  {
    base: '/export',
    tag: 'Transfer',
    specs: [
      {
        method: 'get',
        path: '',
        id: 'exportDrafts',
        summary: 'Export the drafts as one file',
        description: 'Catalog, rules and settings; no secrets. `POST /v1/import` takes the same file, on this server or another.',
        ok: { 200: { description: 'The export file (sent as an attachment)', schema: ExportFile, headers: { 'Content-Disposition': 'attachment; filename="upshift-<environment>-drafts.json"' } } },
      },
    ],
  },
  {
    base: '/import',
    tag: 'Transfer',
    specs: [
      {
        method: 'post',
        path: '',
        id: 'importDrafts',
        summary: 'Import an export file into the drafts',
        description: 'The file is validated whole; the answer is the field-by-field diff against the current drafts. With `dryRun` nothing is written. Rules missing from the file are removed. Nothing is published.',
        body: { schema: ImportInput.extend({ file: ExportFile }), example: importExample },
        ok: { 200: { description: 'What changed, or would change', schema: ImportView } },
      },
    ],
  },
];
