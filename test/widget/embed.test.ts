import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readmeLoaderStub, root } from '../helpers/readme';

type Stub = Record<string, (...args: unknown[]) => unknown> & { q: [string, unknown[]][] };

/** Runs the stub in a fresh global, as a page would, and returns `window.Upshift`. */
function loadStub(existing?: unknown): Stub {
  const window: Record<string, unknown> = existing === undefined ? {} : { Upshift: existing };
  runInNewContext(readmeLoaderStub(), { window });
  return window.Upshift as Stub;
}

describe('the README loader stub', () => {
  it('queues every public call with its arguments, in order', () => {
    const upshift = loadStub();
    upshift.identify!({ user: { id: 'u' } });
    upshift.track!('report_exported', { format: 'pdf' });
    upshift.reset!();
    expect(upshift.q).toEqual([
      ['identify', [{ user: { id: 'u' } }]],
      ['track', ['report_exported', { format: 'pdf' }]],
      ['reset', []],
    ]);
    for (const m of ['identify', 'track', 'gate', 'on', 'off', 'reset', 'debug']) expect(typeof upshift[m]).toBe('function');
  });

  it('returns an unsubscribe from on() that goes through off()', () => {
    const upshift = loadStub();
    const handler = () => {};
    const unsubscribe = upshift.on!('action', handler) as () => void;
    unsubscribe();
    expect(upshift.q).toEqual([
      ['on', ['action', handler]],
      ['off', ['action', handler]],
    ]);
  });

  it('leaves an already loaded Upshift alone when pasted twice', () => {
    const loaded = { loaded: true, identify() {} };
    expect(loadStub(loaded)).toBe(loaded);
  });

  it('is embedded verbatim by the demo app', () => {
    const demo = readFileSync(join(root, 'demo', 'index.html'), 'utf8');
    expect(demo).toContain(readmeLoaderStub());
    expect(demo).toMatch(/<script async src="\/upshift\.js" data-key="__UPSHIFT_DEMO_KEY__"><\/script>/);
  });
});
