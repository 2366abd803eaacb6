/// <reference path="../../widget/types/upshift.d.ts" />
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { DECLINE_REASONS } from '../../shared/constants';
import type { GateResult } from '../../shared/engine/gate';
import type { Prompt } from '../../shared/engine/types';
import type { Config } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import type { EventProps } from '../../shared/schemas/event';
import type { TrialInfo, TrialRequest } from '../../shared/schemas/trial';
import type { DebugReport, UpshiftApi } from '../../widget/api';
import type { UpshiftEventName } from '../../widget/emitter';
import { readmeLoaderStub, root } from '../helpers/readme';

// widget/types/upshift.d.ts is written by hand for people to read; these checks keep it the real API.

// ---- Type level: `npm run typecheck` fails on the line whose declaration drifted. ----

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assignable<A, B> = [A] extends [B] ? true : false;
/** Assignable both ways: each can stand for the other. */
type Mutual<A, B> = Assignable<A, B> extends true ? Assignable<B, A> : false;
/** The same type written out as one plain object, so `A & B` and `{ ...A, ...B }` compare equal. */
type Flat<T> = T extends (...args: never[]) => unknown ? T : T extends object ? { [K in keyof T]: Flat<T[K]> } : T;
/** A method's signatures as `[parameters, result]` pairs; a method with one signature gives it twice. */
type Signatures<F> = F extends { (...args: infer A1): infer R1; (...args: infer A2): infer R2 } ? Flat<[[A1, Awaited<R1>], [A2, Awaited<R2>]]> : never;

// safeRecord (traits, usage, limits) looks at the raw value for a `__proto__` key before its record
// schema runs, so zod types those inputs as `unknown`; for them, what the widget accepts is the
// record the schema outputs. Everything else is compared with the schema's input as it is.
type Input = z.input<typeof Context>;
type Output = z.output<typeof Context>;
type Records = { user: { traits?: Output['user']['traits'] }; account: { traits?: Output['account']['traits'] }; usage?: Output['usage']; limits?: Output['limits'] };

/** What the prompt actions hand `impression`, `click`, `dismiss`, `snooze`, `decline` and `action` handlers (built from these fields; `emit` itself takes `unknown`). */
type About = Pick<Prompt, 'ruleId' | 'tier' | 'variant' | 'surface' | 'offer'>;

export const typeChecks = {
  methodNames: true satisfies Equal<keyof Upshift.Api, keyof UpshiftApi>,
  // Method types are compared loosely (method parameters are bivariant), hence the exact checks below.
  // `on` and `off` only one way: the real ones hand handlers `unknown` (the emitter is untyped), so a
  // handler typed for one event cannot go into them; the event names and payloads are checked below.
  methods: { identify: true, track: true, gate: true, on: true, off: true, reset: true, debug: true } satisfies {
    [K in keyof UpshiftApi]: K extends keyof Upshift.Api ? (K extends 'on' | 'off' ? Assignable<Upshift.Api[K], UpshiftApi[K]> : Mutual<Upshift.Api[K], UpshiftApi[K]>) : false;
  },
  // Exactly the same parameters (optional where they are optional) and results; `on` and `off` differ by design.
  signatures: { identify: true, track: true, gate: true, reset: true, debug: true } satisfies {
    [K in Exclude<keyof UpshiftApi, 'on' | 'off'>]: K extends keyof Upshift.Api ? Equal<Signatures<Upshift.Api[K]>, Signatures<UpshiftApi[K]>> : false;
  },
  context: true satisfies Equal<Flat<Upshift.Context>, Flat<Input & Records>>,
  parsedContext: true satisfies Equal<Flat<Upshift.Context>, Flat<Output>>,
  trackProps: true satisfies Equal<Upshift.EventProps, EventProps>,
  gate: true satisfies Equal<Flat<Upshift.GateResult>, Flat<GateResult>>,
  debugReport: true satisfies Equal<Flat<Upshift.DebugReport>, Flat<DebugReport>>,
  eventNames: true satisfies Equal<Upshift.EventName, UpshiftEventName>,
  payloads: {
    ready: true satisfies Equal<Upshift.Events['ready'], { configVersion: Config['version'] | null }>,
    impression: true satisfies Equal<Flat<Upshift.Events['impression']>, Flat<About>>,
    click: true satisfies Equal<Flat<Upshift.Events['click']>, Flat<About>>,
    dismiss: true satisfies Equal<Flat<Upshift.Events['dismiss']>, Flat<About>>,
    snooze: true satisfies Equal<Flat<Upshift.Events['snooze']>, Flat<About>>,
    decline: true satisfies Equal<Flat<Upshift.Events['decline']>, Flat<About & { reason: (typeof DECLINE_REASONS)[number]; note?: string }>>,
    action: true satisfies Equal<Flat<Upshift.Events['action']>, Flat<About & { type: Prompt['offer']['type'] | 'request_admin' }>>,
    trial: true satisfies Equal<Flat<Upshift.Events['trial']>, Flat<Pick<TrialRequest, 'feature'> & Pick<TrialInfo, 'startedAt' | 'endsAt'>>>,
  } satisfies Record<UpshiftEventName, true>,
};

// ---- Runtime: what vitest alone can see. ----

const SOURCE = join(root, 'widget', 'types', 'upshift.d.ts');
const declaration = readFileSync(SOURCE, 'utf8');

/** The method names `interface Api` declares, in order, each once. */
function declaredMethods(): string[] {
  const api = /\n {2}interface Api \{\n([\s\S]*?)\n {2}\}\n/.exec(declaration)?.[1];
  if (!api) throw new Error('upshift.d.ts has no `interface Api { ... }` block');
  return [...new Set([...api.matchAll(/^ {4}(\w+)[<(]/gm)].map((m) => m[1]!))];
}

/** Runs the TypeScript compiler over `files` next to a copy of the declaration; its diagnostics, one a line. */
async function compile(files: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'upshift-dts-'));
  try {
    writeFileSync(join(dir, 'upshift.d.ts'), declaration);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    // A strict app, as strict as this repository; no @types from anywhere.
    const compilerOptions = { strict: true, exactOptionalPropertyTypes: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    // TypeScript 7's package has no in-process compiler API (only `version`), so the compiler runs as tsc does.
    // tsc exits non-zero when it reports errors; those are the answer, anything else is a failure to run.
    const run = await promisify(execFile)(process.execPath, [tsc, '-p', '.', '--pretty', 'false'], { cwd: dir }).catch((e: { stdout?: unknown }) => {
      if (typeof e.stdout !== 'string' || !/error TS\d+/.test(e.stdout)) throw e;
      return { stdout: e.stdout };
    });
    return run.stdout.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const USE = `
const context: Upshift.Context = {
  user: { id: 'user_42', role: 'admin', locale: 'de-DE' },
  account: { id: 'acct_7', plan: 'starter', createdAt: '2026-03-02T10:00:00Z', traits: { employees: 180 }, addons: ['extra_seats'] },
  usage: { api_calls: 8700 },
};
window.Upshift.identify(context);
Upshift.track('report_exported', { format: 'pdf', pages: 3, draft: false });
const stop: () => void = Upshift.on('trial', (t) => console.info(t.feature, new Date(t.endsAt)));
stop();
Upshift.on('action', (a) => {
  if (a.type === 'upgrade') console.info(a.offer.plan?.id, a.ruleId, a.tier ?? 'no tier');
});
const onDecline = (d: Upshift.Events['decline']) => console.info(d.reason, d.note);
Upshift.on('decline', onDecline);
Upshift.off('decline', onDecline);
Upshift.on('ready', ({ configVersion }) => configVersion ?? 0);
const { locked, plan }: Upshift.GateResult = Upshift.gate('scheduled_reports');
if (locked && plan) console.info(plan.name);
Upshift.debug(true);
void Upshift.debug().then((report) => report.rules.filter((r) => r.code === 'usage.below_threshold').map((r) => r.message));
Upshift.reset();
export {};
`;

/** Each line is a mistake the declaration must refuse. */
const MISUSE = [
  `Upshift.identify({ user: {} });`,
  `Upshift.identify({ user: { id: 'u_1' }, account: { id: 'a_1', plan: 'starter' }, usage: { api_calls: '7200' } });`,
  `Upshift.track('report_exported', { format: { type: 'pdf' } });`,
  `Upshift.on('trial', (t) => t.endAt);`,
  `Upshift.on('purchase', () => {});`,
  `Upshift.on('decline', (d) => d.reason === 'too_expensive');`,
  `const report: Upshift.DebugReport = Upshift.debug();`,
  `const nothing: Promise<unknown> = Upshift.debug(true);`,
  `Upshift.gate();`,
];

describe('upshift.d.ts, the declaration of window.Upshift', () => {
  it('declares every method the loader stub and upshift.js define', () => {
    const stub = /"([\w ]+)"\.split\(" "\)/.exec(readmeLoaderStub())?.[1]?.split(' ');
    // Read as text: upshift.js is an IIFE with no exports.
    const list = /\bMETHODS\s*=\s*\[([^\]]*)\]/.exec(readFileSync(join(root, 'widget', 'entry.ts'), 'utf8'))?.[1];
    const entry = list && [...list.matchAll(/['"](\w+)['"]/g)].map((m) => m[1]);
    expect(stub, 'the README loader stub names its methods in a "…".split(" ") list').toBeDefined();
    expect(entry, 'widget/entry.ts lists its methods in METHODS = [...]').toBeTruthy();
    expect(declaredMethods().sort()).toEqual([...stub!].sort());
    expect(declaredMethods().sort()).toEqual([...entry!].sort());
  });

  it('is served as built: dist/widget/upshift.d.ts is the same bytes', () => {
    expect(readFileSync(join(root, 'dist', 'widget', 'upshift.d.ts')).equals(readFileSync(SOURCE))).toBe(true);
  });

  it('types a strict app that uses it as the README shows, with no errors', async () => {
    expect(await compile({ 'app.ts': USE })).toBe('');
  });

  it('refuses each misuse, on its own line', async () => {
    const output = await compile({ 'misuse.ts': `${MISUSE.join('\n')}\nexport {};\n` });
    const lines = new Set([...output.matchAll(/^misuse\.ts\((\d+),\d+\): error TS\d+/gm)].map((m) => Number(m[1])));
    expect(output, 'only errors in misuse.ts').not.toMatch(/^(?!misuse\.ts\().+: error/m);
    expect([...lines].sort((a, b) => a - b)).toEqual(MISUSE.map((_, i) => i + 1));
  });
});
