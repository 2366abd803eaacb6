import { describe, expect, it } from 'vitest';
import { build, type InlineConfig, type Rolldown } from 'vite';
import { join } from 'node:path';
import { root } from '../helpers/readme';

// upshift-ui.js must carry no copy of what upshift.js already has: the engine that decides, the
// reactive store, the queue. Each bundle is built here the way `npm run build` builds it, but not
// minified, so the bundler's note of each module it kept ("// shared/engine/decide.ts") shows what
// really ships after tree-shaking, not what a source file happens to import.

/** Tiny pure modules both bundles may hold: a lookup helper and constant tables. */
const SHARED_OK = ['shared/engine/own.ts', 'shared/constants.ts', 'shared/engine/surfaces.ts'];

async function modulesOf(configFile: string): Promise<string[]> {
  const config = (await import(join(root, configFile))).default as InlineConfig | ((env: object) => InlineConfig);
  const base = typeof config === 'function' ? config({ command: 'build', mode: 'production' }) : config;
  const out = (await build({ ...base, configFile: false, root, logLevel: 'silent', build: { ...base.build, minify: false, write: false, emptyOutDir: false } })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const code = [out].flat().flatMap((o) => o.output).map((c) => ('code' in c ? c.code : '')).join('\n');
  return [...code.matchAll(/^\t\/\/ ((?:\.\.\/)*[\w@./-]+\.(?:tsx?|js))$/gm)].map((m) => m[1]!.replace(/^(\.\.\/)+(work\/main\/)?/, ''));
}

describe('upshift-ui.js next to upshift.js', () => {
  it('holds no module upshift.js holds, but a few constant tables and helpers', async () => {
    const core = await modulesOf('widget/vite.config.ts');
    const ui = await modulesOf('widget/vite.ui.config.ts');
    // The measure can fail: both lists are real.
    expect(core).toEqual(expect.arrayContaining(['shared/engine/decide.ts', 'shared/engine/condition.ts', 'widget/signals.ts', 'widget/transport.ts']));
    expect(ui).toEqual(expect.arrayContaining(['shared/engine/render.ts', 'widget/ui/Card.tsx']));
    expect(ui.filter((m) => core.includes(m) && !SHARED_OK.includes(m))).toEqual([]);
  }, 30_000);

  it('holds no engine that decides and no reactive store, whatever imports them', async () => {
    const ui = await modulesOf('widget/vite.ui.config.ts');
    const deciding = ui.filter((m) => /shared\/engine\/(decide|evaluate|condition|triggers|guards|offer|scope|bucket|usage|gate|attributes|merge-state)\.ts$/.test(m) || /signals/.test(m));
    expect(deciding).toEqual([]);
  }, 30_000);
});
