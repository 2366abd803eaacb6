// @ts-check
// `npm start`: build whatever is missing or stale, then run the server in this process, so Ctrl-C
// reaches it directly and it can close the database cleanly.
import { buildIfStale } from './build-if-stale.mjs';

try {
  buildIfStale();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
// A computed specifier: the typechecker must not follow it into the build output.
const server = '../dist/server.js';
await import(server);
