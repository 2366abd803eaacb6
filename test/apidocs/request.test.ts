import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { keyVariable, placeKey, requirementsOf, waysOf, type Way } from '../../apidocs/src/auth';
import { entriesOf, type Entry } from '../../apidocs/src/operations';
import { buildRequest, curlLine, jsonProblem } from '../../apidocs/src/request';
import type { Document } from '../../apidocs/src/spec';
import { fixtureDocument } from './fixture';

const doc = fixtureDocument() as unknown as Document;
const entry = (id: string): Entry => entriesOf(doc).find((e) => e.id === id)!;
const ways = (id: string): Way[] => waysOf(doc, entry(id).security);

describe('placeKey', () => {
  it.each([
    ['a publishable key on a publishable route', 'postEvents', 'pk_abcdefgh', { kind: 'header', name: 'X-Upshift-Key', value: 'pk_abcdefgh' }],
    ['a secret key where a bearer is taken', 'getRule', 'sk_abcdefgh', { kind: 'header', name: 'Authorization', value: 'Bearer sk_abcdefgh' }],
    ['another key, the first way a key can go', 'getRule', 'token', { kind: 'header', name: 'Authorization', value: 'Bearer token' }],
    ['a secret key on a publishable route, sent as the route takes keys (the server says why not)', 'postEvents', 'sk_abcdefgh', { kind: 'header', name: 'X-Upshift-Key', value: 'sk_abcdefgh' }],
  ])('%s', (_, id, key, expected) => {
    expect(placeKey(ways(id), key)).toEqual(expected);
  });

  it.each([
    ['sk_abcdefgh', { kind: 'header', name: 'Authorization', value: 'Bearer sk_abcdefgh' }],
    ['pk_abcdefgh', { kind: 'header', name: 'X-Upshift-Key', value: 'pk_abcdefgh' }],
    ['other', { kind: 'header', name: 'X-Upshift-Key', value: 'other' }],
  ])('on a route that takes either key, %s goes its own way', (key, expected) => {
    const either = waysOf(doc, [{ publishableKey: [] }, { secretKey: [] }]);
    expect(placeKey(either, key)).toEqual(expected);
  });

  it.each([
    ['a route without security', [], 'pk_abcdefgh', 'unusable'],
    ['a route only the console’s session and its CSRF token open', [{ session: [], csrfToken: [] }], 'sk_abcdefgh', 'unusable'],
    ['no key entered', [{ publishableKey: [] }], '', 'empty'],
  ])('sends no key for %s', (_, security, key, why) => {
    expect(placeKey(waysOf(doc, security), key)).toEqual({ kind: 'none', why });
  });

  it('offers one key only the alternatives a single scheme satisfies', () => {
    expect(ways('getRule').map((w) => w.name)).toEqual(['secretKey']);
    expect(requirementsOf(doc, entry('getRule').security).map((ws) => ws.map((w) => w.name))).toEqual([['secretKey'], ['session', 'csrfToken']]);
  });

  it('names the shell variable by the kind of key a route takes', () => {
    expect([keyVariable(ways('postEvents')), keyVariable(ways('getRule')), keyVariable(ways('health'))]).toEqual(['$UPSHIFT_PUBLISHABLE_KEY', '$UPSHIFT_SECRET_KEY', undefined]);
  });
});

describe('buildRequest', () => {
  it('puts path and query parameters in the URL, encoded, and the key where the route takes it', () => {
    const built = buildRequest(entry('getRule'), ways('getRule'), { values: { 'path:id': 'a b/c', 'query:include': 'lint' }, body: '', key: ' sk_abcdefgh ' }, false);
    expect(built).toEqual({ ok: true, request: { method: 'GET', url: '/v1/rules/a%20b%2Fc?include=lint', headers: { Authorization: 'Bearer sk_abcdefgh' } } });
  });

  it('names a missing path parameter and a body that is not JSON, together', () => {
    const built = buildRequest(entry('getRule'), ways('getRule'), { values: {}, body: '{"a":', key: '' }, true);
    expect(built.ok).toBe(false);
    expect(!built.ok && built.problems.map((p) => p.field)).toEqual(['path:id', 'body']);
    expect(!built.ok && built.problems[1]!.message).toMatch(/^The body is not valid JSON: /);
  });

  it('sends a JSON body as it was typed, with its content type', () => {
    const body = '{\n  "events": []\n}';
    const built = buildRequest(entry('postEvents'), ways('postEvents'), { values: {}, body, key: 'pk_abcdefgh' }, true);
    expect(built).toEqual({ ok: true, request: { method: 'POST', url: '/v1/events', headers: { 'X-Upshift-Key': 'pk_abcdefgh', 'Content-Type': 'application/json' }, body } });
  });

  it.each<[string, string | null]>([
    ['', null],
    ['  ', null],
    ['[1, 2]', null],
    ["{'a': 1}", 'not valid JSON'],
    ['{"a": 1,}', 'not valid JSON'],
  ])('jsonProblem(%j)', (text, problem) => {
    const found = jsonProblem(text);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});

describe('curlLine', () => {
  /** What bash hands curl for a line: each argument on its own line, the key variable set. */
  const argsOf = (line: string) =>
    execFileSync('bash', ['-c', `curl() { printf '%s\\n' "$@"; }\nUPSHIFT_PUBLISHABLE_KEY=pk_fromshell\n${line}`], { encoding: 'utf8' }).trimEnd().split('\n');

  it('quotes a body with quotes and spaces so the shell passes it to curl unchanged, and the key as a variable', () => {
    const example = { note: "it's \"quoted\" $HOME `x`", n: 1 };
    const line = curlLine('http://127.0.0.1:8080', entry('postEvents'), example, { name: 'X-Upshift-Key', value: '$UPSHIFT_PUBLISHABLE_KEY' });
    expect(line).not.toContain('pk_');
    expect(argsOf(line)).toEqual(['-X', 'POST', 'http://127.0.0.1:8080/v1/events', '-H', 'X-Upshift-Key: pk_fromshell', '-H', 'Content-Type: application/json', '-d', JSON.stringify(example)]);
  });

  it('leaves the method out for a GET without a body', () => {
    expect(argsOf(curlLine('http://h', entry('health'), undefined, undefined))).toEqual(['http://h/healthz']);
  });
});
