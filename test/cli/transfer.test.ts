import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportFile } from '../../shared/schemas/publishing';
import { tempDir } from '../helpers/test-app';
import { at, startCliServer, upshift, type CliServer } from './harness';

// One JSON file moves an environment's drafts between two servers: export from staging, import
// into production, first as a dry run that changes nothing.

let staging: CliServer;
let production: CliServer;
const dir = tempDir('upshift-cli-transfer-');
const file = join(dir.dir, 'staging.json');
const drafts = async (s: CliServer) => {
  const { catalog, rules, settings } = await s.get<ExportFile>('/v1/export');
  return { catalog, rules, settings };
};

beforeAll(async () => {
  [staging, production] = await Promise.all([startCliServer(), startCliServer()]);
  const res = await fetch(`${staging.url}/v1/settings`, { method: 'PUT', headers: { authorization: `Bearer ${staging.t.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ holdout: 7 }) });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await Promise.all([staging.close(), production.close()]);
  dir.remove();
});

describe('export and import', { timeout: 60_000 }, () => {
  it('exports the console\'s file to stdout or --out', async () => {
    const printed = await upshift(['export', ...at(staging)]);
    expect(printed.code).toBe(0);
    expect(ExportFile.parse(JSON.parse(printed.stdout)).settings).toEqual({ holdout: 7 });
    const saved = await upshift(['export', '--out', file, ...at(staging)]);
    expect(saved.stdout).toMatch(/^Exported the drafts of Test \(\d+ rules\) to /);
    expect(ExportFile.parse(JSON.parse(readFileSync(file, 'utf8'))).settings).toEqual({ holdout: 7 });
  });

  it('--dry-run shows the diff and changes nothing', async () => {
    const before = await drafts(production);
    const result = await upshift(['import', file, '--dry-run', '--json', ...at(production)]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ applied: false, changes: { rules: { added: [], removed: [], changed: [] }, catalog: [], settings: [{ path: 'holdout', after: 7 }], total: 1 } });
    expect(await drafts(production)).toEqual(before);
  });

  it('imports: production\'s drafts become staging\'s', async () => {
    const result = await upshift(['import', file, ...at(production)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('~ settings\n  + holdout: 7\nImported ' + file + ': 1 change to the drafts.\n');
    expect(await drafts(production)).toEqual(await drafts(staging));
  });

  it('refuses a file that is not an export, with the server\'s field path, changing nothing', async () => {
    const bad = join(dir.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), format: 'something-else' }));
    const before = await drafts(production);
    const result = await upshift(['import', bad, ...at(production)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^upshift: Invalid import file at "format": .*\n {2}format: /);
    expect(await drafts(production)).toEqual(before);
    const missing = await upshift(['import', join(dir.dir, 'nope.json'), ...at(production)]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('upshift: ' + join(dir.dir, 'nope.json') + ': cannot read this file; is it there?\n');
  });

  it('push fills an environment that has no drafts yet (no catalog)', async () => {
    const { secretKey } = await production.t.store.createEnvironment({ name: 'Blank', allowedOrigins: [] });
    const files = join(dir.dir, 'files');
    expect((await upshift(['pull', files, ...at(staging)])).code).toBe(0);
    const pushed = await upshift(['push', files, '--json', '--url', production.url, '--key', secretKey]);
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.stdout)).toMatchObject({ applied: true });
    const res = await fetch(`${production.url}/v1/export`, { headers: { authorization: `Bearer ${secretKey}` } });
    const { catalog, rules, settings } = (await res.json()) as ExportFile;
    expect({ catalog, rules, settings }).toEqual(await drafts(staging));
  });
});
