import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { retireEarlierUis } from '../../widget/build/retire-uis';
import { tempDir } from '../helpers/test-app';

// The UI build moves earlier prompt UIs out of dist/widget (what a page loads, and what the size
// budgets sum) into dist/widget-previous (still served, for upshift.js copies cached before a deploy).

let tmp: ReturnType<typeof tempDir>;
afterEach(() => tmp.remove());

/** Writes `name` into `dir` with a build time `age` minutes ago, so the newest are known. */
function built(dir: string, name: string, age: number): void {
  writeFileSync(join(dir, name), `/* ${name} */`);
  const at = new Date(Date.UTC(2026, 0, 1, 12) - age * 60_000);
  utimesSync(join(dir, name), at, at);
}

function folders() {
  tmp = tempDir();
  const out = join(tmp.dir, 'widget');
  const previous = join(tmp.dir, 'widget-previous');
  mkdirSync(out);
  return { out, previous, list: (dir: string) => readdirSync(dir).sort() };
}

describe('retireEarlierUis', () => {
  it('leaves only the new UI beside upshift.js and moves the earlier ones, creating the folder', () => {
    const { out, previous, list } = folders();
    for (const f of ['upshift.js', 'upshift-ui.json', 'upshift-debug.js']) built(out, f, 0);
    built(out, 'upshift-ui.NEW00001.js', 0);
    built(out, 'upshift-ui.OLD00001.js', 10);
    retireEarlierUis(out, previous, 'upshift-ui.NEW00001.js', 2);
    expect(list(out)).toEqual(['upshift-debug.js', 'upshift-ui.NEW00001.js', 'upshift-ui.json', 'upshift.js']);
    expect(list(previous)).toEqual(['upshift-ui.OLD00001.js']);
  });

  it('keeps only the newest earlier UIs, by build time, not by name', () => {
    const { out, previous, list } = folders();
    mkdirSync(previous);
    built(previous, 'upshift-ui.AAAA.js', 30);
    built(previous, 'upshift-ui.ZZZZ.js', 20);
    built(out, 'upshift-ui.BBBB.js', 10);
    built(out, 'upshift-ui.CCCC.js', 0);
    retireEarlierUis(out, previous, 'upshift-ui.CCCC.js', 2);
    expect(list(out)).toEqual(['upshift-ui.CCCC.js']);
    expect(list(previous)).toEqual(['upshift-ui.BBBB.js', 'upshift-ui.ZZZZ.js']);
  });

  it('drops the earlier copy of a UI that a rebuild made current again', () => {
    const { out, previous, list } = folders();
    mkdirSync(previous);
    built(previous, 'upshift-ui.SAME.js', 30);
    built(previous, 'upshift-ui.KEPT.js', 40);
    built(out, 'upshift-ui.SAME.js', 0);
    built(out, 'upshift-ui.GONE.js', 10);
    retireEarlierUis(out, previous, 'upshift-ui.SAME.js', 2);
    expect(list(out)).toEqual(['upshift-ui.SAME.js']);
    expect(list(previous)).toEqual(['upshift-ui.GONE.js', 'upshift-ui.KEPT.js']);
  });
});
