import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCatalog, exampleRules } from '../../shared/examples';
import { readmeLoaderStub, root } from '../helpers/readme';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { hostSite, type Site } from './host';

// The README's "Your own app in five minutes", run as a new user would: its shell blocks, exactly
// as written, against a real server started without the demo (UPSHIFT_DEMO=0), then its embed in
// a host page in Chromium. Only two things are put in place of what the README shows, each
// explicitly: the origin of the user's app (`http://localhost:5173` becomes the origin of the host
// site this test serves, in the shell blocks) and, in the embed, the Upshift server's URL and the
// publishable key the blocks printed. `UPSHIFT` is exported to the server's URL, which the
// README's `UPSHIFT=${UPSHIFT:-http://localhost:8787}` keeps.

const README = readFileSync(join(root, 'README.md'), 'utf8');
/** What the README says the user's Vite dev server is. */
const README_ORIGIN = 'http://localhost:5173';
/** Where the README says Upshift runs. */
const README_SERVER = 'http://localhost:8787';
const PRODUCTION_ORIGIN = 'https://app.acme.com';

interface Block {
  lang: string;
  code: string;
}

/** The fenced blocks between the walkthrough markers, in order. */
function walkthroughBlocks(): Block[] {
  const part = /<!-- walkthrough:start -->([\s\S]*?)<!-- walkthrough:end -->/.exec(README)?.[1];
  if (!part) throw new Error('README.md has no walkthrough between <!-- walkthrough:start --> and <!-- walkthrough:end -->');
  return [...part.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

const blocks = walkthroughBlocks();
const shell = blocks.filter((b) => b.lang === 'sh').map((b) => b.code);
const only = (lang: string): string => {
  const found = blocks.filter((b) => b.lang === lang);
  if (found.length !== 1) throw new Error(`the walkthrough should have one \`\`\`${lang} block, has ${found.length}`);
  return found[0]!.code;
};

/** The files the shell blocks write with `cat > file <<'EOF'`, by name, parsed. */
function heredocs(): Map<string, unknown> {
  const files = new Map<string, unknown>();
  for (const m of shell.join('\n').matchAll(/^cat > (\S+) <<'EOF'\n([\s\S]*?)^EOF$/gm)) files.set(m[1]!, JSON.parse(m[2]!));
  return files;
}

/** The sign-in the README makes: the owner's email and the password it exports. */
function owner(): { email: string; password: string } {
  const email = /npm run admin:create -- --email (\S+)/.exec(shell[0] ?? '')?.[1];
  const password = /^export UPSHIFT_ADMIN_PASSWORD='([^']+)'$/m.exec(shell[0] ?? '')?.[1];
  if (!email || !password) throw new Error('the first walkthrough block should export UPSHIFT_ADMIN_PASSWORD and run npm run admin:create -- --email');
  return { email, password };
}

/** Replaces every `from` in `text` with `to`, insisting that there is at least one. */
function substitute(text: string, from: string, to: string, what: string): string {
  const count = text.split(from).length - 1;
  if (count === 0) throw new Error(`the walkthrough's ${what} should contain ${from}`);
  return text.replaceAll(from, to);
}

describe('the README walkthrough, as written', () => {
  it('writes exactly the example catalog and rules of shared/examples.ts', () => {
    const files = heredocs();
    expect(files.get('upshift/catalog.json')).toEqual(exampleCatalog);
    const ruleFiles = [...files.keys()].filter((f) => f.startsWith('upshift/rules/'));
    expect(ruleFiles).toEqual(exampleRules.map((r) => `upshift/rules/${r.id}.json`));
    for (const rule of exampleRules) expect(files.get(`upshift/rules/${rule.id}.json`), rule.id).toEqual(rule);
  });

  it('embeds the loader stub of the Embed section, the script from the Upshift server, and an identify at 90 % of the limit', () => {
    const html = only('html');
    expect(html).toContain(`<script>\n${readmeLoaderStub()}\n</script>`);
    expect(html).toContain(`<script async src="${README_SERVER}/upshift.js" data-key="pk_…"></script>`);
    const tsx = only('tsx');
    expect(tsx).toContain('useEffect(');
    expect(tsx).toMatch(/plan: 'starter'/);
    expect(tsx).toMatch(/api_calls: 9000\b/);
    expect(exampleCatalog.plans.find((p) => p.id === 'starter')?.limits.api_calls).toBe(10_000);
  });

  it('names the Vite dev server and the production origin, and links the section from the quick start', () => {
    expect(shell.join('\n')).toContain(`"allowedOrigins": ["${README_ORIGIN}", "${PRODUCTION_ORIGIN}"]`);
    expect(shell.join('\n')).toMatch(/^UPSHIFT=\$\{UPSHIFT:-http:\/\/localhost:8787\}$/m);
    const quickStart = README.slice(README.indexOf('## Quick start'), README.indexOf('## Your own app in five minutes'));
    expect(quickStart).toContain('(#your-own-app-in-five-minutes)');
    expect(quickStart).toContain('UPSHIFT_DEMO=0');
    expect(quickStart).toContain('npm run admin:create -- --email you@acme.com');
    expect(quickStart).toContain('/admin/setup#token=');
  });
});

describe('the README walkthrough against a real server without the demo', () => {
  let server: RunningServer;
  let site: Site;
  let browser: Browser;
  let work: string;
  /** The page the host site serves at `/`, once the walkthrough has printed the publishable key. */
  let hostHtml: string | null = null;
  let output = '';
  let publishable = '';

  beforeAll(async () => {
    server = await startServer({ demo: false });
    site = await hostSite((path) => (path === '/' ? hostHtml : null));
    browser = await launchChromium();
    work = mkdtempSync(join(tmpdir(), 'upshift-walkthrough-'));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await server?.stop();
    if (server) removeDir(server.dir);
    if (work) removeDir(work);
  });

  it('runs every shell block: the owner in the Upshift folder, the rest in the app’s folder', async () => {
    expect(server.output()).not.toContain('Demo environment');
    expect(shell[0]).toContain('npm run admin:create');
    // The user's app: a Vite project has its sources in src/, where the declaration goes.
    const app = join(work, 'my-app');
    mkdirSync(join(app, 'src'), { recursive: true });
    const rest = substitute(shell.slice(1).join('\n'), README_ORIGIN, site.url, 'shell blocks');
    const script = ['set -euo pipefail', 'cd "$WALKTHROUGH_UPSHIFT_DIR"', shell[0], 'cd "$WALKTHROUGH_APP_DIR"', rest].join('\n');
    const file = join(work, 'walkthrough.sh');
    writeFileSync(file, script);
    const env: NodeJS.ProcessEnv = { ...process.env, UPSHIFT: server.url, UPSHIFT_DB: server.dbFile, WALKTHROUGH_UPSHIFT_DIR: root, WALKTHROUGH_APP_DIR: app };
    delete env.UPSHIFT_ADMIN_PASSWORD;
    const child = spawn('bash', [file], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, `the walkthrough failed:\n${output}\n\nserver:\n${server.output()}`).toBe(0);

    publishable = /^Publishable key: (pk_[A-Za-z0-9_-]+)$/m.exec(output)?.[1] ?? '';
    expect(publishable, output).not.toBe('');
    expect(output).toMatch(/^Secret key: sk_[A-Za-z0-9_-]+$/m);
    expect(output).toContain('you@acme.com can now sign in to the console as owner.');
    // Three warnings lists, all empty: the catalog's and each rule's.
    expect(output.match(/^\[\]$/gm)).toHaveLength(3);
    expect(output).toMatch(/^1$/m);
    expect(output).toContain("[ 'api-calls-ladder', 'automations-trial' ]");

    expect(JSON.parse(readFileSync(join(app, 'upshift', 'catalog.json'), 'utf8'))).toEqual(exampleCatalog);
    expect(readdirSync(join(app, 'upshift', 'rules')).sort()).toEqual(exampleRules.map((r) => `${r.id}.json`).sort());
    expect(readFileSync(join(app, 'src', 'upshift.d.ts'), 'utf8')).toContain('identify');
  }, 120_000);

  it('made the environment with the app’s origins, which the console lists', async () => {
    expect(publishable).not.toBe('');
    const signIn = await fetch(`${server.url}/v1/admin/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(owner()) });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const list = (await (await fetch(`${server.url}/v1/admin/environments`, { headers: { cookie } })).json()) as { environments: { name: string; publishableKey: string; allowedOrigins: string[] }[] };
    expect(list.environments).toHaveLength(1);
    expect(list.environments[0]).toMatchObject({ name: 'Acme app', publishableKey: publishable });
    expect(list.environments[0]?.allowedOrigins).toEqual([site.url, PRODUCTION_ORIGIN, 'https://*.preview.acme.com']);
  });

  it('serves both rules to the app’s origin and the production origins, and refuses another origin', async () => {
    const config = (origin: string) => fetch(`${server.url}/v1/config?key=${publishable}`, { headers: { Origin: origin } });
    const local = await config(site.url);
    expect(local.status).toBe(200);
    expect(local.headers.get('access-control-allow-origin')).toBe(site.url);
    const body = (await local.json()) as { version: number; catalog: unknown; rules: { id: string }[] };
    expect(body.version).toBe(1);
    expect(body.rules.map((r) => r.id)).toEqual(exampleRules.map((r) => r.id));
    expect(body.catalog).toEqual(exampleCatalog);
    for (const origin of [PRODUCTION_ORIGIN, 'https://feature-x.preview.acme.com']) {
      const res = await config(origin);
      expect(res.status, origin).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), origin).toBe(origin);
    }
    expect((await config('https://evil.example')).status).toBe(403);
  });

  describe('the embed in Chromium', () => {
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      expect(publishable).not.toBe('');
      // The README's index.html <head>, with the server this test runs and the key the walkthrough printed.
      const head = substitute(substitute(only('html'), README_SERVER, server.url, 'embed'), 'pk_…', publishable, 'embed');
      const tsx = only('tsx');
      const identify = /Upshift\.identify\(\{[\s\S]*?\}\);/.exec(tsx)?.[0];
      const button = /<button [^>]*data-upshift-feature="automations"[^>]*>[^<]*<\/button>/.exec(tsx)?.[0];
      if (!identify || !button) throw new Error('the walkthrough’s App.tsx should call Upshift.identify and render the Automations button');
      // What the Vite app renders: its index.html, the App component's markup, and its effect's identify call.
      hostHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Acme</title>
${head}
</head>
<body>
<div id="root"><main><h1>Acme</h1>${button}</main></div>
<script>
${identify}
</script>
</body>
</html>`;
      page = await browser.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${site.url}/`);
    });

    afterAll(async () => {
      await page?.close();
    });

    it('shows the 85 % tier of the ladder at 90 % of the API calls, leading to the Pro checkout', async () => {
      const banner = page.getByRole('region', { name: /API calls/ });
      await expect.poll(() => banner.getAttribute('data-tone'), { timeout: 15_000 }).toBe('recommend');
      expect(await banner.getByRole('paragraph').first().textContent()).toBe('90% of your API calls used');
      const cta = banner.getByRole('link', { name: 'See Pro' });
      expect(await cta.getAttribute('href')).toMatch(/^https:\/\/app\.acme\.com\/billing\/checkout\?plan=pro&upshift_rule=api-calls-ladder&upshift_tier=p85$/);
      expect(pageErrors).toEqual([]);
    });

    it('badges the locked Automations button and explains it in the trial panel when clicked', async () => {
      const button = page.getByRole('button', { name: /Automations/ });
      await expect.poll(() => page.locator('upshift-badge').count()).toBe(1);
      await button.click();
      const panel = page.getByRole('dialog', { name: 'Let Automations do the weekly chores' });
      await expect.poll(() => panel.count(), { timeout: 10_000 }).toBe(1);
      expect(await panel.textContent()).toContain('Dana, Head of Operations at Globex');
      expect(await panel.getByRole('button', { name: 'Start the 14-day trial' }).count()).toBe(1);
      expect(pageErrors).toEqual([]);
    });
  });
});
