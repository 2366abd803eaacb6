import { describe, expect, it } from 'vitest';
import { renderChanges } from '../../cli/diff-view';
import { stableJson } from '../../cli/files';
import type { ContentChanges } from '../../shared/schemas/publishing';

// What `diff` and `push` print, and the bytes `pull` writes: pure functions, checked on known cases.

const none: ContentChanges = { rules: { added: [], removed: [], changed: [] }, catalog: [], settings: [], total: 0 };

describe('renderChanges', () => {
  it.each<[string, ContentChanges, { kept?: string[]; files?: boolean }, string]>([
    ['nothing', none, {}, 'No changes: the drafts match the files.'],
    ['nothing, for an import', none, { files: false }, 'No changes: the drafts match the file.'],
    ['a rule added and one removed', { ...none, rules: { added: [{ id: 'a', name: 'A' }], removed: [{ id: 'b' }], changed: [] }, total: 2 }, {}, '+ rules/a.json (A): new rule\n- rules/b.json: rule deleted'],
    [
      'a field changed, added and removed in one rule',
      { ...none, rules: { added: [], removed: [], changed: [{ id: 'r', changes: [{ path: 'priority', before: 1, after: 2 }, { path: 'name', after: 'N' }, { path: 'note', before: 'x' }] }] }, total: 1 },
      {},
      '~ rules/r.json\n  ~ priority: 1 → 2\n  + name: "N"\n  - note: "x"',
    ],
    ['catalog and settings, for an import', { ...none, catalog: [{ path: 'plans.pro.limits.seats', before: 5, after: 10 }], settings: [{ path: 'holdout', after: 7 }], total: 2 }, { files: false }, '~ catalog\n  ~ plans.pro.limits.seats: 5 → 10\n~ settings\n  + holdout: 7'],
    ['rules kept without --prune', none, { kept: ['x', 'y'] }, 'No changes: the drafts match the files.\nKept (draft rules with no file; --prune deletes them): x, y'],
  ])('%s', (_name, changes, options, expected) => {
    expect(renderChanges(changes, options)).toBe(expected);
  });
});

describe('stableJson', () => {
  it('sorts keys at every depth, keeps array order, indents by two and ends with a newline', () => {
    expect(stableJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
  });
  it('gives the same bytes whatever order the keys came in', () => {
    expect(stableJson({ x: 1, y: { q: 1, p: 2 } })).toBe(stableJson({ y: { p: 2, q: 1 }, x: 1 }));
  });
});
