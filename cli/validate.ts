import type { z } from 'zod';
import { Catalog } from '../shared/schemas/catalog';
import { Rule } from '../shared/schemas/rule';
import { Settings } from '../shared/schemas/settings';
// The server's own checks beyond the schemas (pure: shared/ engine only), so a push that passes
// here is not refused there.
import { BLOCKING, catalogIssues, lintRule, ruleIssues } from '../server/services/lint';
import type { Problem } from './failure';
import type { RawFile } from './files';

const at = (file: string, path: readonly PropertyKey[]) => (path.length ? `${file}: ${path.map(String).join('.')}` : file);
const zodProblems = (file: string, error: z.ZodError): Problem[] => error.issues.map((i) => ({ where: at(file, i.path), message: i.message }));

/** Rules whose lint errors would stop a publish: those a publish serves. */
const published = (rule: Rule) => rule.status === 'live' || rule.status === 'paused';

/** The files' content when everything validates, or every problem with its file and field path. */
export type Checked =
  | { ok: true; content: { catalog: Catalog; settings: Settings; rules: Rule[] }; warnings: Problem[] }
  | { ok: false; errors: Problem[]; warnings: Problem[] };

/**
 * The schemas, then the editors' checks (unknown attributes, operators that do not fit), then
 * lint: references the catalog cannot resolve in a live or paused rule are errors, as a publish
 * would refuse them; the rest of lint only warns, as the console does.
 */
export function checkFiles(files: { catalog: RawFile; settings: RawFile; rules: (RawFile & { id: string })[] }, now: number): Checked {
  const errors: Problem[] = [];
  const catalog = Catalog.safeParse(files.catalog.value);
  if (!catalog.success) errors.push(...zodProblems(files.catalog.file, catalog.error));
  else errors.push(...catalogIssues(catalog.data).map((i) => ({ where: at(files.catalog.file, i.path), message: i.message })));
  const settings = Settings.safeParse(files.settings.value);
  if (!settings.success) errors.push(...zodProblems(files.settings.file, settings.error));
  const rules: { file: string; rule: Rule }[] = [];
  for (const { id, file, value } of files.rules) {
    const rule = Rule.safeParse(value);
    if (!rule.success) errors.push(...zodProblems(file, rule.error));
    else if (rule.data.id !== id) errors.push({ where: at(file, ['id']), message: `is "${rule.data.id}" but the file is named for "${id}"; they must match` });
    else rules.push({ file, rule: rule.data });
  }
  const warnings: Problem[] = [];
  const known = catalog.success ? catalog.data : null;
  for (const { file, rule } of rules) {
    errors.push(...ruleIssues(rule, known).map((i) => ({ where: at(file, i.path), message: i.message })));
    for (const w of lintRule(rule, known, rules.map((r) => r.rule), now)) {
      (BLOCKING.has(w.code) && published(rule) ? errors : warnings).push({ where: at(file, w.path), message: w.message });
    }
  }
  if (errors.length || !catalog.success || !settings.success) return { ok: false, errors, warnings };
  return { ok: true, content: { catalog: catalog.data, settings: settings.data, rules: rules.map((r) => r.rule) }, warnings };
}
