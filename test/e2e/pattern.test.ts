import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adversarial, CAP, CATASTROPHIC } from '../shared/pattern-corpus';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, hostPage, hostSite, keysOf, publishRules, secretApi, type Site } from './host';

// The `matches` corpus in Chromium (issue 13, point 1): the matcher as the browser runs it, held to
// the same step bound as in Node, and a rule with a pattern that stalls a backtracking engine
// deciding in the real widget.

let server: RunningServer;
let browser: Browser;
let site: Site;
let matcher: string;

/** The matcher bundled as the widget's build bundles it (Vite, minified), exposing `UpshiftPattern`. */
async function bundleMatcher(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'upshift-pattern-'));
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      build: { outDir: dir, minify: true, target: 'es2022', lib: { entry: resolve(import.meta.dirname, 'pattern-entry.ts'), formats: ['iife'], name: 'UpshiftPattern', fileName: () => 'pattern.js' } },
    });
    return readFileSync(join(dir, 'pattern.js'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TITLE = 'Your title qualifies you for the team plan';
const rule = {
  id: 'titled',
  name: 'A title that stalls a backtracking engine',
  status: 'live',
  priority: 10,
  surface: 'banner',
  // With 'a' x 255 + '!' a backtracking engine takes 2^255 steps to say no.
  audience: { all: [{ attr: 'user.traits.title', op: 'matches', value: '^(a+)+$' }] },
  offer: { type: 'upgrade', plan: 'next' },
  trigger: { type: 'usage', metric: 'api_calls', tiers: [{ id: 'half', at: { percent: 50 }, tone: 'recommend', content: { title: TITLE, body: '{{usage}} of {{limit}} used.', cta: 'Upgrade' } }] },
};

beforeAll(async () => {
  [server, browser, matcher] = await Promise.all([startServer(), launchChromium(), bundleMatcher()]);
  const { secret, publishable } = keysOf(server);
  await publishRules(secretApi(server, secret), [rule]);
  site = await hostSite((path) => {
    const title = path === '/match' ? 'a'.repeat(CAP) : `${'a'.repeat(CAP - 1)}!`;
    return hostPage({ src: `${server.url}/upshift.js`, key: publishable, context: contextFor(path.slice(1), { user: { traits: { title } }, usage: { api_calls: 6000 } }) });
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
  removeDir(server.dir);
});

interface Ran {
  pattern: string;
  problem: string | null;
  states: number;
  runs: { length: number; steps: number }[];
}

/** Runs the corpus inside the page with the bundled matcher. */
const runCorpus = (page: Page) =>
  page.evaluate(
    ({ patterns, inputs }) => {
      type State = { n: State[] };
      const m = (window as unknown as { UpshiftPattern: { compile(p: string): State; run(s: State, i: string): boolean; work: { steps: number }; regexProblem(p: string): string | null } }).UpshiftPattern;
      return patterns.map((pattern): Ran => {
        const problem = m.regexProblem(pattern);
        if (problem !== null) return { pattern, problem, states: 0, runs: [] };
        const nfa = m.compile(pattern);
        const seen = new Set<State>([nfa]);
        for (const s of seen) for (const n of s.n) seen.add(n);
        const runs = inputs.map((input) => {
          const before = m.work.steps;
          m.run(nfa, input);
          return { length: input.length, steps: m.work.steps - before };
        });
        return { pattern, problem, states: seen.size, runs };
      });
    },
    { patterns: CATASTROPHIC, inputs: adversarial(CAP) },
  );

describe('matches in Chromium', () => {
  it('refuses each catastrophic pattern, or runs it in at most (length + 1) x states steps on inputs up to 256 characters', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>matcher</title>');
    await page.addScriptTag({ content: matcher });
    const ran = await runCorpus(page);
    expect(ran.map((r) => r.pattern)).toEqual(CATASTROPHIC);
    for (const r of ran) {
      if (r.problem !== null) {
        expect(r.problem, r.pattern).toMatch(/backreferences|lookarounds|word boundaries|too large/);
        continue;
      }
      expect(r.states, r.pattern).toBeGreaterThan(0);
      expect(r.states, r.pattern).toBeLessThanOrEqual(500);
      expect(r.runs.length).toBe(adversarial(CAP).length);
      for (const { length, steps } of r.runs) expect(steps, `${r.pattern} on ${length} characters`).toBeLessThanOrEqual((length + 1) * r.states);
    }
    await page.close();
  });

  it.each([
    ['/match', true],
    ['/miss', false],
  ])('decides a rule matching ^(a+)+$ in the real widget for %s', async (path, shows) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}${path}`);
    const report = () => page.evaluate(() => (window as unknown as { Upshift: { debug(): Promise<{ waitingForServerState: boolean; rules: { ruleId: string; code: string }[] }> } }).Upshift.debug());
    await expect.poll(async () => {
      const r = await report();
      return !r.waitingForServerState && r.rules.some((x) => x.ruleId === 'titled');
    }, { timeout: 10_000 }).toBe(true);
    const code = (await report()).rules.find((x) => x.ruleId === 'titled')!.code;
    if (shows) await expect.poll(() => page.getByRole('region', { name: TITLE }).count()).toBe(1);
    else expect(code).toBe('audience.miss');
    expect(errors).toEqual([]);
    await page.close();
  });
});
