import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import type { useMatcher } from '../shared/engine/condition';
import type { evaluate } from '../shared/engine/evaluate';
import type { compile, run } from '../shared/engine/pattern';

/**
 * The engine as it ships: shared/engine/evaluate.ts bundled by Vite into one ES module, as the
 * server (dist/server.js) and the explainer run it. Measuring the TypeScript sources through tsx
 * instead would time tsx's module interop (every imported binding becomes a getter call), which no
 * shipped build has.
 */
export async function bundledEngine(lean = false): Promise<typeof evaluate> {
  const dir = mkdtempSync(join(tmpdir(), 'upshift-engine-'));
  // The lean build (upshift.js) carries no matcher of `matches` conditions; the widget hands it the
  // prompt UI's before deciding on a config that has one, and so does the benchmark, with the
  // matcher bundled as the prompt UI bundles it.
  const entry = join(dir, 'entry.ts');
  const engine = (file: string) => JSON.stringify(resolve(import.meta.dirname, '../shared/engine', file));
  writeFileSync(entry, `export { evaluate } from ${engine('evaluate.ts')};\nexport { useMatcher } from ${engine('condition.ts')};\nexport { compile, run } from ${engine('pattern.ts')};\n`);
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      define: lean ? { __UPSHIFT_LEAN__: 'true' } : {},
      build: {
        outDir: join(dir, 'out'),
        emptyOutDir: true,
        minify: true,
        lib: { entry, formats: ['es'], fileName: () => 'engine.mjs' },
      },
    });
    const mod = (await import(pathToFileURL(join(dir, 'out', 'engine.mjs')).href)) as { evaluate: typeof evaluate; useMatcher: typeof useMatcher; compile: typeof compile; run: typeof run };
    if (lean) mod.useMatcher({ compile: mod.compile, run: mod.run });
    return mod.evaluate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
