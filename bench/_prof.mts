import { build as viteBuild } from 'vite';
import { pathToFileURL } from 'node:url';
import * as bench from './engine-bench';
const dir = '/tmp/up/eng';
await viteBuild({ configFile: false, logLevel: 'silent', build: { outDir: dir, emptyOutDir: true, minify: false, lib: { entry: '/work/main/shared/engine/evaluate.ts', formats: ['es'], fileName: () => 'engine.mjs' } } });
const { evaluate } = await import(pathToFileURL(dir + '/engine.mjs').href);
const { config, context, state } = (bench as any).build();
const NOW = Date.UTC(2026, 10, 22, 12);
for (let i = 0; i < 3000; i++) evaluate(config, context, state, NOW);
