// @ts-check
// `npm run admin:create`: build whatever is missing or stale, as `npm start` does, then give a person
// console access (see server/cli/admin-create.ts).
import { buildIfStale } from './build-if-stale.mjs';

try {
  buildIfStale();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
// A computed specifier: the typechecker must not follow it into the build output.
const tool = '../dist/admin-create.js';
await import(tool);
