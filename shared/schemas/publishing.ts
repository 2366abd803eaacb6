import { z } from 'zod';
import { Change } from './admin';
import { Catalog } from './catalog';
import { Rule } from './rule';
import { Settings } from './settings';

/** One published version as `GET /v1/versions` lists it: who published it, when, and why. */
export const VersionView = z.object({
  version: z.number().int().positive(),
  etag: z.string(),
  publishedAt: z.string(),
  /** A person's email, or a secret key's name and prefix; null for versions from before this was recorded. */
  publishedBy: z.string().nullable(),
  note: z.string().nullable(),
  /** Set on a rollback: the version whose content it published again. */
  rolledBackTo: z.number().int().positive().optional(),
});
export type VersionView = z.infer<typeof VersionView>;

/**
 * `POST /v1/publish`. A person publishing from the console says why (the note is required there);
 * a secret key (rules as code) may leave it out.
 */
export const PublishInput = z.object({ note: z.string().max(500).optional() }).strict();
/** `POST /v1/versions/:n/rollback`: an optional note after "Rollback to version N". */
export const RollbackInput = z.object({ note: z.string().max(500).optional() }).strict();

/** A rule named in a diff. */
export const RuleRef = z.object({ id: z.string(), name: z.string().optional() });
export type RuleRef = z.infer<typeof RuleRef>;

/**
 * The difference between two sets of content (drafts and live, live and an earlier version, drafts
 * and an import file), grouped the way a marketer reads it. Paths inside a changed rule are relative
 * to the rule (`trigger.tiers.1.at.percent`); catalog and settings paths to their own root, the
 * catalog's lists keyed by id (`plans.pro.limits.seats`).
 */
export const ContentChanges = z.object({
  rules: z.object({
    added: z.array(RuleRef),
    removed: z.array(RuleRef),
    changed: z.array(RuleRef.extend({ changes: z.array(Change) })),
  }),
  catalog: z.array(Change),
  settings: z.array(Change),
  /** How many things differ in all: rules added, removed and changed, and catalog and settings fields. */
  total: z.number().int().min(0),
});
export type ContentChanges = z.infer<typeof ContentChanges>;

/**
 * `GET /v1/changes`: what publishing the drafts would change in what widgets are served. Rules in
 * `draft` or `archived` status are never published; they are listed in `unpublished`.
 */
export const DraftChangesView = ContentChanges.extend({
  live: z.number().int().positive().nullable(),
  unpublished: z.array(RuleRef.extend({ status: z.string() })),
});
export type DraftChangesView = z.infer<typeof DraftChangesView>;

export const EXPORT_FORMAT = 'upshift-export';

/** The file `GET /v1/export` downloads and `POST /v1/import` takes: an environment's drafts, no secrets. */
export const ExportFile = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    formatVersion: z.literal(1),
    exportedAt: z.iso.datetime({ offset: true }),
    environment: z.object({ name: z.string().max(200) }),
    catalog: Catalog,
    rules: z.array(Rule).max(5000),
    settings: Settings,
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    file.rules.forEach((rule, i) => {
      if (ids.has(rule.id)) ctx.addIssue({ code: 'custom', message: `duplicate rule id "${rule.id}"`, path: ['rules', i, 'id'] });
      ids.add(rule.id);
    });
  });
export type ExportFile = z.infer<typeof ExportFile>;

/** `POST /v1/import`: the file is checked on its own, so its issues carry paths from its root (`rules.2.trigger`). */
export const ImportInput = z.object({ file: z.unknown(), dryRun: z.boolean().default(false) }).strict();

/** What an import did or, with `dryRun`, would do to the drafts. */
export const ImportView = z.object({ changes: ContentChanges, applied: z.boolean() });
export type ImportView = z.infer<typeof ImportView>;
