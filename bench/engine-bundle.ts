import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import type { evaluate } from '../shared/engine/evaluate';

/**
 * The engine as it ships: shared/engine/evaluate.ts bundled by Vite into one ES module, as the
 * server (dist/server.js) and the explainer run it. Measuring the TypeScript sources through tsx
 * instead would time tsx's module interop (every imported binding becomes a getter call), which no
 * shipped build has.
 */
export async function bundledEngine(lean = false): Promise<typeof evaluate> {
  const dir = mkdtempSync(join(tmpdir(), 'upshift-engine-'));
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      define: lean ? { __UPSHIFT_LEAN__: 'true' } : {},
      build: {
        outDir: dir,
        emptyOutDir: true,
        minify: true,
        lib: { entry: resolve(import.meta.dirname, '../shared/engine/evaluate.ts'), formats: ['es'], fileName: () => 'engine.mjs' },
      },
    });
    const mod = (await import(pathToFileURL(join(dir, 'engine.mjs')).href)) as { evaluate: typeof evaluate };
    return mod.evaluate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
