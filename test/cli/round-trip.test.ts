import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/test-app';
import { at, startCliServer, upshift, type CliServer } from './harness';

// The round trip, as an engineer runs it: pull into a git repository, edit one threshold,
// diff, push, publish, see widgets served it, roll back. The demo's ladder starts at 70 %.

let server: CliServer;
const repo = tempDir('upshift-cli-repo-');
const git = (...args: string[]) => execFileSync('git', ['-C', repo.dir, ...args], { encoding: 'utf8' });
const RULE = 'api-usage-ladder';
const ruleFile = join(repo.dir, 'rules', `${RULE}.json`);
const firstTier = async () => (await server.liveConfig()).rules.find((r) => r.id === RULE)?.trigger.tiers?.[0]?.at.percent;

beforeAll(async () => {
  server = await startCliServer();
  git('init', '-q');
  git('config', 'user.email', 'ci@example.com');
  git('config', 'user.name', 'CI');
});
afterAll(async () => {
  await server.close();
  repo.remove();
});

describe('pull → edit → diff → push → publish → rollback', { timeout: 120_000 }, () => {
  it('goes round and lands in GET /v1/config, then back', async () => {
    const pulled = await upshift(['pull', repo.dir, ...at(server)]);
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    git('add', '-A');
    git('commit', '-qm', 'pull');
    const original = readFileSync(ruleFile, 'utf8');
    expect(JSON.parse(original).trigger.tiers[0].at.percent).toBe(70);

    // Pulling again over the committed files changes not a byte: the key order is stable.
    expect((await upshift(['pull', repo.dir, ...at(server)])).code).toBe(0);
    expect(git('status', '--porcelain')).toBe('');

    writeFileSync(ruleFile, original.replace('"percent": 70', '"percent": 75'));
    // git sees exactly one line changed.
    expect(git('diff', '--numstat')).toBe(`1\t1\trules/${RULE}.json\n`);
    expect(git('diff', '-U0').split('\n').filter((l) => /^[-+]\s/.test(l))).toEqual(['-          "percent": 70', '+          "percent": 75']);

    const diff = await upshift(['diff', repo.dir, ...at(server)]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toBe(`~ rules/${RULE}.json (API calls approaching the plan limit)\n  ~ trigger.tiers.0.at.percent: 70 → 75\n`);

    const pushed = await upshift(['push', repo.dir, ...at(server)]);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain('Pushed 1 change to the drafts.');
    expect((await server.get<{ rule: { trigger: { tiers: { at: { percent: number } }[] } } }>(`/v1/rules/${RULE}`)).rule.trigger.tiers[0]!.at.percent).toBe(75);
    // The drafts now match the files.
    expect((await upshift(['diff', repo.dir, ...at(server)])).stdout).toBe('No changes: the drafts match the files.\n');

    const before = (await server.liveConfig()).version;
    expect(await firstTier()).toBe(70);
    const published = await upshift(['publish', '--note', 'Ladder from 75 %', '--json', ...at(server)]);
    expect(published.code).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ version: before + 1, note: 'Ladder from 75 %' });
    expect(await firstTier()).toBe(75);

    const listed = JSON.parse((await upshift(['versions', '--json', ...at(server)])).stdout) as { versions: { version: number; note: string | null }[] };
    expect(listed.versions.map((v) => v.version)).toEqual([before + 1, before]);

    const rolled = await upshift(['rollback', String(before), ...at(server)]);
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toBe(`Published version ${before + 2} with the content of version ${before}.\n`);
    expect(await firstTier()).toBe(70);
    expect((await server.liveConfig()).version).toBe(before + 2);
  });
});
