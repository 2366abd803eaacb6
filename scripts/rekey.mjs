// @ts-check
// `npm run secrets:rekey`: build whatever is missing or stale, as `npm start` does, then re-encrypt
// the stored secrets under a new key (see server/infra/secrets/rekey.ts).
import { buildIfStale } from './build-if-stale.mjs';

try {
  buildIfStale();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
// A computed specifier: the typechecker must not follow it into the build output.
const rekey = '../dist/rekey.js';
await import(rekey);
