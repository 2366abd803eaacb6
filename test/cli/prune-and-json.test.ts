import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/seed';
import { tempDir } from '../helpers/test-app';
import { at, startCliServer, upshift, type CliServer } from './harness';

// Rules on the server with no file are kept by push and deleted by push --prune; a new file is a
// new rule. Every step also answers --json, as a script reads it.

let server: CliServer;
const demoIds = demoContent.rules.map((r) => r.id);
const dir = tempDir('upshift-cli-prune-');
const ladder = () => JSON.parse(readFileSync(join(dir.dir, 'rules', 'api-usage-ladder.json'), 'utf8')) as { id: string; name: string; status: string };
const putRule = async (rule: { id: string; [field: string]: unknown }) => {
  const res = await fetch(`${server.url}/v1/rules/${rule.id}`, { method: 'PUT', headers: { authorization: `Bearer ${server.t.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  expect(res.status).toBe(201);
};
const ruleIds = async () => (await server.get<{ rules: { id: string }[] }>('/v1/rules')).rules.map((r) => r.id).sort();

beforeAll(async () => {
  server = await startCliServer();
  const pulled = await upshift(['pull', dir.dir, '--json', ...at(server)]);
  expect(pulled.code).toBe(0);
  expect(JSON.parse(pulled.stdout)).toMatchObject({ environment: 'Test', removed: [] });
  // Made on the server after the pull: it has no file.
  await putRule({ ...ladder(), id: 'server-only', name: 'Server only', status: 'draft' });
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

describe('push without and with --prune', { timeout: 60_000 }, () => {
  it('keeps a draft rule that has no file, and says so', async () => {
    const diff = await upshift(['diff', dir.dir, ...at(server)]);
    expect(diff.stdout).toBe('No changes: the drafts match the files.\nKept (draft rules with no file; --prune deletes them): server-only\n');
    const pushed = JSON.parse((await upshift(['push', dir.dir, '--json', ...at(server)])).stdout) as { applied: boolean; kept: string[] };
    expect(pushed).toMatchObject({ applied: false, kept: ['server-only'] });
    expect(await ruleIds()).toContain('server-only');
  });

  it('adds a rule from a new file', async () => {
    writeFileSync(join(dir.dir, 'rules', 'from-file.json'), JSON.stringify({ ...ladder(), id: 'from-file', name: 'From a file', status: 'draft' }));
    const pushed = await upshift(['push', dir.dir, '--json', ...at(server)]);
    expect(pushed.code).toBe(0);
    const answer = JSON.parse(pushed.stdout) as { applied: boolean; changes: { rules: { added: unknown[] }; total: number } };
    expect(answer).toMatchObject({ applied: true, changes: { total: 1, rules: { added: [{ id: 'from-file', name: 'From a file' }] } } });
    expect(await ruleIds()).toEqual([...demoIds, 'from-file', 'server-only'].sort());
  });

  it('deletes rules with no file only with --prune, diff --prune showing it first', async () => {
    rmSync(join(dir.dir, 'rules', 'from-file.json'));
    const diff = JSON.parse((await upshift(['diff', dir.dir, '--prune', '--json', ...at(server)])).stdout) as { changes: { rules: { removed: { id: string }[] }; total: number }; kept: string[] };
    expect(diff.changes.rules.removed.map((r) => r.id).sort()).toEqual(['from-file', 'server-only']);
    expect(diff.changes.total).toBe(2);
    expect(diff.kept).toEqual([]);
    const pushed = await upshift(['push', dir.dir, '--prune', ...at(server)]);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain('- rules/server-only.json (Server only): rule deleted');
    expect(await ruleIds()).toEqual([...demoIds].sort());
  });

  it('pull removes the file of a rule deleted on the server', async () => {
    writeFileSync(join(dir.dir, 'rules', 'stale.json'), '{}\n');
    const pulled = JSON.parse((await upshift(['pull', dir.dir, '--json', ...at(server)])).stdout) as { removed: string[] };
    expect(pulled.removed).toEqual(['rules/stale.json']);
  });
});
