import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The prompt UI's content-hashed file name; server/http/assets.ts serves the same pattern. */
const UI_FILE = /^upshift-ui\.[\w-]+\.js$/;

/**
 * Moves every UI but `current` out of `out` into `previous`, keeping the `keep` newest there.
 * Earlier UIs must stay servable for the upshift.js copies browsers and CDNs still hold (cached up
 * to a day), but not in `out`: that folder is what a page loads, and its size is what the budgets
 * and the before-stop check sum. A rename keeps the file's time, so "newest" is its build time.
 */
export function retireEarlierUis(out: string, previous: string, current: string, keep: number): void {
  mkdirSync(previous, { recursive: true });
  for (const f of readdirSync(out)) {
    if (UI_FILE.test(f) && f !== current) renameSync(join(out, f), join(previous, f));
  }
  // A rebuild of an earlier release's UI brings it back to `out`; one copy is enough.
  if (existsSync(join(previous, current))) rmSync(join(previous, current));
  const earlier = readdirSync(previous)
    .filter((f) => UI_FILE.test(f))
    .sort((a, b) => statSync(join(previous, b)).mtimeMs - statSync(join(previous, a)).mtimeMs);
  for (const old of earlier.slice(keep)) rmSync(join(previous, old));
}
