import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/test-app';
import { at, startCliServer, upshift, type CliServer } from './harness';

// A push with any problem in the files sends nothing: exit 1, every problem with its file and
// field path, and the drafts exactly as they were.

let server: CliServer;
const dir = tempDir('upshift-cli-refused-');
const RULE = 'api-usage-ladder';
const path = join(dir.dir, 'rules', `${RULE}.json`);
let pristine = '';
/** The parts of a rule file these cases break. */
interface RuleFile {
  id: string;
  status: string;
  trigger: { metric: string; tiers: { tone: string; at: { percent: number } }[] };
}
const drafts = () => server.get<{ rules: unknown[]; catalog: unknown; settings: unknown }>('/v1/export').then(({ rules, catalog, settings }) => ({ rules, catalog, settings }));
const edit = (change: (rule: RuleFile) => void) => {
  const rule = JSON.parse(pristine) as RuleFile;
  change(rule);
  writeFileSync(path, JSON.stringify(rule, null, 2));
};

beforeAll(async () => {
  server = await startCliServer();
  expect((await upshift(['pull', dir.dir, ...at(server)])).code).toBe(0);
  pristine = readFileSync(path, 'utf8');
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

describe('push refuses invalid files', { timeout: 60_000 }, () => {
  it.each([
    ['a tone the schema does not know', (r: RuleFile) => (r.trigger.tiers[0]!.tone = 'shouting'), `rules/${RULE}.json: trigger.tiers.0.tone: Invalid option`],
    ['a threshold past the limit (the editors\' check)', (r: RuleFile) => (r.trigger.tiers[2]!.at.percent = 150), `rules/${RULE}.json: trigger.tiers.2.at.percent: a ladder warns before the limit`],
    ['an id that differs from the file name', (r: RuleFile) => (r.id = 'other-id'), `rules/${RULE}.json: id: is "other-id"`],
    ['a metric the catalog does not have (publish would refuse it)', (r: RuleFile) => (r.trigger.metric = 'no_such_metric'), `rules/${RULE}.json: trigger.metric`],
  ])('%s: exit 1, the file and field path, drafts unchanged', async (_name, change, expected) => {
    const before = await drafts();
    edit(change);
    const result = await upshift(['push', dir.dir, ...at(server)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(expected);
    expect(result.stderr).toContain('nothing was sent');
    expect(result.stdout).toBe('');
    expect(await drafts()).toEqual(before);
  });

  it('only warns about a missing metric in a draft-status rule (publishing leaves it out), and pushes', async () => {
    edit((r) => {
      r.status = 'draft';
      r.trigger.metric = 'no_such_metric';
    });
    const result = await upshift(['push', dir.dir, ...at(server)]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^warning: rules/${RULE}\\.json: trigger\\.metric: `, 'm'));
    expect(result.stdout).toContain('~ status: "live" → "draft"');
    expect((await server.get<{ rule: { status: string } }>(`/v1/rules/${RULE}`)).rule.status).toBe('draft');
  });

  it('names a file that is not JSON', async () => {
    writeFileSync(path, '{ "id": ');
    const result = await upshift(['push', dir.dir, ...at(server)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^upshift: rules/${RULE}\\.json: not valid JSON`));
  });

  it('says where the catalog is missing', async () => {
    writeFileSync(path, pristine);
    rmSync(join(dir.dir, 'catalog.json'));
    const result = await upshift(['push', dir.dir, ...at(server)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('catalog.json: cannot read this file');
  });

  it('answers --json errors as JSON on stderr, with every problem', async () => {
    const result = await upshift(['diff', join(dir.dir, 'nowhere'), '--json', ...at(server)]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'dir_missing', exitCode: 1 } });
  });
});
