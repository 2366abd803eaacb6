import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SIGNING_EXAMPLES } from '../../admin/src/areas/settings/identity/signing-examples';
import { verifyIdentityToken } from '../../server/services/identity-token';
import { tempDir } from '../helpers/test-app';

const SECRET = 'idsec_test-secret-0123456789abcdefghijklmnopqrstuv';
const tmp = tempDir('upshift-signing-');
afterAll(() => tmp.remove());

/** Runs an example as a host's backend would, with the secret in its environment, and returns the token it printed. */
function run(command: string, args: string[]): string {
  return execFileSync(command, args, { env: { ...process.env, UPSHIFT_IDENTITY_SECRET: SECRET }, encoding: 'utf8' }).trim();
}

function expectVerified(token: string): void {
  const verified = verifyIdentityToken(token, SECRET, Date.now());
  expect(verified).toMatchObject({ ok: true, claims: { sub: 'user_42', account: 'acct_7' } });
  if (verified.ok) expect(verified.claims.exp).toBeGreaterThan(Date.now() / 1000 + 3500);
}

// Python 3, Ruby and Go run here as a host's backend would run them; .ci/run installs whichever a fresh machine lacks.
describe('the identity signing examples make tokens the server takes', () => {
  it('Node', () => {
    const file = join(tmp.dir, 'sign.mjs');
    writeFileSync(file, `${SIGNING_EXAMPLES.Node}\nconsole.log(upshiftToken('user_42', 'acct_7'));\n`);
    expectVerified(run(process.execPath, [file]));
  });

  it('Python', () => {
    const file = join(tmp.dir, 'sign.py');
    writeFileSync(file, `${SIGNING_EXAMPLES.Python}\n\nprint(upshift_token("user_42", "acct_7"))\n`);
    expectVerified(run('python3', [file]));
  });

  it('Ruby', () => {
    const file = join(tmp.dir, 'sign.rb');
    writeFileSync(file, `${SIGNING_EXAMPLES.Ruby}\n\nputs upshift_token("user_42", "acct_7")\n`);
    expectVerified(run('ruby', [file]));
  });

  it('Go', { timeout: 120_000 }, () => {
    const dir = join(tmp.dir, 'gosign');
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'go.mod'), 'module upshift\n\ngo 1.19\n');
    writeFileSync(join(dir, 'token.go'), SIGNING_EXAMPLES.Go);
    writeFileSync(join(dir, 'token_test.go'), 'package upshift\n\nimport ("fmt"; "testing")\n\nfunc TestPrint(t *testing.T) { tok, err := Token("user_42", "acct_7"); if err != nil { t.Fatal(err) }; fmt.Println("TOKEN=" + tok) }\n');
    // Go compiles first: far longer than the other languages take, on a cold build cache.
    const out = execFileSync('go', ['test', '-run', 'TestPrint', '-v', '.'], { cwd: dir, env: { ...process.env, UPSHIFT_IDENTITY_SECRET: SECRET, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' }, encoding: 'utf8' });
    expectVerified(/TOKEN=(\S+)/.exec(out)?.[1] ?? '');
  });
});
