import { z } from 'zod';
import { Catalog } from './catalog';
import { Rule } from './rule';
import { Settings } from './settings';

/** The config format this server writes. 1 had usage ladders only; 2 is a superset of it. */
export const SCHEMA_VERSION = 2;

/** The published, immutable configuration a widget fetches from `GET /v1/config`. */
export const Config = z
  .object({
    schemaVersion: z.union([z.literal(1), z.literal(2)]),
    /** Increments with every publish or rollback of the environment. */
    version: z.number().int().positive(),
    publishedAt: z.iso.datetime({ offset: true }),
    catalog: Catalog,
    rules: z.array(Rule).max(5000),
    settings: Settings.optional(),
    /** The widget's own strings by language, built in and from `settings.strings` (added when published). */
    strings: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  })
  .superRefine((config, ctx) => {
    const ids = new Set<string>();
    config.rules.forEach((rule, i) => {
      if (ids.has(rule.id)) ctx.addIssue({ code: 'custom', message: `duplicate rule id "${rule.id}"`, path: ['rules', i, 'id'] });
      ids.add(rule.id);
    });
  });
export type Config = z.infer<typeof Config>;

/** What a publish takes: everything but the fields the server assigns. */
export const ConfigContent = z.object({
  catalog: Catalog,
  rules: z.array(Rule).max(5000),
  settings: Settings.optional(),
});
export type ConfigContent = z.infer<typeof ConfigContent>;
