import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportFile } from '../client/types';
import { CliFailure, EXIT } from './failure';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects with their keys sorted, all the way down; arrays keep their order (it means something). */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])]));
  return value;
}

/**
 * The text a file gets: sorted keys, two-space indent, a final newline. The same content always
 * gives the same bytes, whatever order the server answered in, so a git diff shows only real edits.
 */
export const stableJson = (value: unknown): string => `${JSON.stringify(sorted(value), null, 2)}\n`;

export const RULES_DIR = 'rules';
export const ruleFile = (id: string) => `${RULES_DIR}/${id}.json`;

/** What `pull` did: the rule files written and those removed because their rule is gone. */
export interface PullResult {
  dir: string;
  written: string[];
  removed: string[];
}

/** Writes the drafts into `dir` as `pull` lays them out, removing rule files of rules that no longer exist. */
export function writeDraftFiles(dir: string, drafts: Pick<ExportFile, 'catalog' | 'rules' | 'settings'>): PullResult {
  mkdirSync(join(dir, RULES_DIR), { recursive: true });
  writeFileSync(join(dir, 'catalog.json'), stableJson(drafts.catalog));
  writeFileSync(join(dir, 'settings.json'), stableJson(drafts.settings));
  const written = drafts.rules.map((rule) => {
    writeFileSync(join(dir, ruleFile(rule.id)), stableJson(rule));
    return ruleFile(rule.id);
  });
  const keep = new Set(written);
  const removed = ruleFileNames(dir).map(ruleFile).filter((f) => !keep.has(f));
  for (const file of removed) rmSync(join(dir, file));
  return { dir, written: ['catalog.json', 'settings.json', ...written], removed };
}

/** The ids of the rule files in `dir` (`rules/<id>.json`), sorted. */
function ruleFileNames(dir: string): string[] {
  const folder = join(dir, RULES_DIR);
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => e.name.slice(0, -'.json'.length))
    .sort();
}

/** One file read from the directory: its name relative to it and its parsed JSON. */
export interface RawFile {
  file: string;
  value: unknown;
}

/** Reads and parses a JSON file; a missing or malformed one is a refusal naming the file. */
export function readJson(path: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliFailure(EXIT.refused, 'file_missing', `${shown}: cannot read this file; is it there?`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliFailure(EXIT.refused, 'invalid_json', `${shown}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** The files `push` and `diff` read: catalog.json (required), settings.json (may be absent: defaults) and the rules. */
export function readDraftFiles(dir: string): { catalog: RawFile; settings: RawFile; rules: (RawFile & { id: string })[] } {
  if (!existsSync(dir)) throw new CliFailure(EXIT.refused, 'dir_missing', `${dir}: no such directory; run "upshift pull ${dir}" first`);
  const catalog = { file: 'catalog.json', value: readJson(join(dir, 'catalog.json'), 'catalog.json') };
  const settings = { file: 'settings.json', value: existsSync(join(dir, 'settings.json')) ? readJson(join(dir, 'settings.json'), 'settings.json') : {} };
  const rules = ruleFileNames(dir).map((id) => ({ id, file: ruleFile(id), value: readJson(join(dir, ruleFile(id)), ruleFile(id)) }));
  return { catalog, settings, rules };
}
