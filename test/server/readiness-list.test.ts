import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readinessCsvLine } from '../../server/services/analytics/readiness-csv';
import type { StoredReadiness } from '../../server/store/readiness-types';
import { READINESS_BANDS, ReadinessAnswer, type ReadinessBand } from '../../shared/schemas/analytics';
import { addPerson, signedIn } from '../helpers/admin-client';
import { expectApiError } from '../helpers/http';
import { seeded } from '../helpers/random';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { secretCall } from './webhook-helpers';

// GET /v1/analytics/readiness over 240 generated scores stored through the real store. Every
// expected list is worked out here with plain filters and sorts over the generated rows.

const T = Date.UTC(2026, 11, 1);
const PLANS = ['starter', 'pro', 'business'] as const;
let t: TestApp;
let rows: StoredReadiness[];

/** Generated scores; a few ids a spreadsheet would run as formulas, and signals with commas, quotes and line breaks. */
function generate(): StoredReadiness[] {
  const random = seeded(16);
  const ids = [...Array.from({ length: 236 }, (_, i) => `${i % 3 ? 'acct' : 'ACME'}-${String(i).padStart(3, '0')}`), '=HYPERLINK("x")', '+1', '-2', '@sum'];
  return ids.map((accountId, i) => {
    const score = Math.floor(random() * 101);
    const fixFirst = random() < 0.2;
    const band: ReadinessBand = score >= 75 ? (fixFirst ? 'moderate' : 'high') : score >= 50 ? 'moderate' : score >= 25 ? 'early' : 'not_ready';
    return {
      accountId,
      plan: i % 17 === 0 ? null : PLANS[i % 3]!,
      score,
      band,
      fixFirst,
      categories: { usage: score / 4, breadth: score / 4, exploration: score / 4, growth: score / 4 },
      signals: [{ category: 'usage', label: `api_calls at ${score} % of the limit, "fast"\nand growing`, points: score / 4 }],
      updatedAt: T - Math.floor(random() * 1000) * 60_000,
    };
  });
}

beforeAll(async () => {
  t = await createTestApp();
  rows = generate();
  for (const r of rows) await t.store.saveReadiness(t.environment.id, r, readinessCsvLine(r));
});
afterAll(async () => {
  await t.cleanup();
});

const list = (query: string) => secretCall(t, 'GET', `/v1/analytics/readiness${query}`);
const read = async (query: string) => {
  const res = await list(query);
  expect(res.status, await res.clone().text()).toBe(200);
  return ReadinessAnswer.parse(await res.json());
};
const byId = (a: StoredReadiness, b: StoredReadiness) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0);
const SORTS: Record<string, (a: StoredReadiness, b: StoredReadiness) => number> = {
  score: (a, b) => a.score - b.score || byId(a, b),
  '-score': (a, b) => b.score - a.score || byId(b, a),
  account: byId,
  '-account': (a, b) => byId(b, a),
  updated: (a, b) => a.updatedAt - b.updatedAt || byId(a, b),
  '-updated': (a, b) => b.updatedAt - a.updatedAt || byId(b, a),
};
const ids = (answer: ReadinessAnswer) => answer.accounts.map((a) => a.accountId);

describe('GET /v1/analytics/readiness', () => {
  it('answers the highest scores first, 50 to a page, with every band counted', async () => {
    const answer = await read('');
    expect(answer.total).toBe(240);
    expect(ids(answer)).toEqual([...rows].sort(SORTS['-score']).slice(0, 50).map((r) => r.accountId));
    const bands = Object.fromEntries(READINESS_BANDS.map((b) => [b, rows.filter((r) => r.band === b).length]));
    expect(answer.bands).toEqual({ ...bands, fixFirst: rows.filter((r) => r.fixFirst).length });
    const top = [...rows].sort(SORTS['-score'])[0]!;
    expect(answer.accounts[0]).toEqual({ ...top, updatedAt: new Date(top.updatedAt).toISOString() });
  });

  it.each(Object.keys(SORTS))('sorts by %s, ties by account id the same way, and pages', async (sort) => {
    const expected = [...rows].sort(SORTS[sort]).map((r) => r.accountId);
    expect(ids(await read(`?sort=${sort}&limit=500`))).toEqual(expected);
    expect(ids(await read(`?sort=${sort}&limit=7&offset=30`))).toEqual(expected.slice(30, 37));
  });

  it.each([
    ['band=high', (r: StoredReadiness) => r.band === 'high'],
    ['fixFirst=true', (r: StoredReadiness) => r.fixFirst],
    ['fixFirst=false&band=moderate', (r: StoredReadiness) => !r.fixFirst && r.band === 'moderate'],
    ['plan=pro', (r: StoredReadiness) => r.plan === 'pro'],
    ['q=acme-0', (r: StoredReadiness) => r.accountId.toLowerCase().includes('acme-0')],
    ['minScore=60', (r: StoredReadiness) => r.score >= 60],
    ['plan=business&minScore=40&q=CCT', (r: StoredReadiness) => r.plan === 'business' && r.score >= 40 && r.accountId.includes('acct')],
  ])('filters %s', async (query, keep) => {
    const answer = await read(`?${query}&limit=500`);
    const expected = rows.filter(keep).sort(SORTS['-score']);
    expect(answer.total).toBe(expected.length);
    expect(ids(answer)).toEqual(expected.map((r) => r.accountId));
  });

  it('counts bands over the other filters, whatever band is chosen', async () => {
    const answer = await read('?plan=pro&band=early');
    const pro = rows.filter((r) => r.plan === 'pro');
    expect(answer.total).toBe(pro.filter((r) => r.band === 'early').length);
    expect(answer.bands).toEqual({
      high: pro.filter((r) => r.band === 'high').length,
      moderate: pro.filter((r) => r.band === 'moderate').length,
      early: pro.filter((r) => r.band === 'early').length,
      not_ready: pro.filter((r) => r.band === 'not_ready').length,
      fixFirst: pro.filter((r) => r.fixFirst).length,
    });
  });
});

/** RFC 4180, read independently of the server's writer: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') record.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), i++;
    else field += ch;
  }
  expect(field, 'the last record ends with CRLF').toBe('');
  return records;
}

describe('GET /v1/analytics/readiness?format=csv', () => {
  it('streams the whole filtered list as an attachment, quoted as RFC 4180 says, formulas neutralised', async () => {
    const res = await list('?format=csv&minScore=10&sort=account&limit=3');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="readiness.csv"');
    const [header, ...records] = parseCsv(await res.text());
    expect(header).toEqual(['account', 'plan', 'score', 'band', 'fix_first', 'usage', 'breadth', 'exploration', 'growth', 'signals', 'updated_at']);
    // The whole list: `limit` pages the JSON answer only.
    const expected = rows.filter((r) => r.score >= 10).sort(SORTS['account']);
    const neutral = (id: string) => (/^[=+\-@]/.test(id) ? `'${id}` : id);
    expect(records).toEqual(
      expected.map((r) => [
        neutral(r.accountId),
        r.plan ?? '',
        String(r.score),
        r.band,
        String(r.fixFirst),
        ...Object.values(r.categories).map(String),
        r.signals.map((s) => `${s.label} (${s.points})`).join('; '),
        new Date(r.updatedAt).toISOString(),
      ]),
    );
    expect(records.map((r) => r[0]).filter((id) => /^[=+\-@]/.test(id!))).toEqual([]);
  });

  it('exports scores saved before export records were kept (migration 26) exactly as the others', async () => {
    const before = await (await list('?format=csv&sort=account')).text();
    const db = new Database(t.file);
    try {
      expect(db.prepare("UPDATE account_readiness SET csv_line = NULL WHERE account_id LIKE 'ACME-%'").run().changes).toBeGreaterThan(50);
    } finally {
      db.close();
    }
    expect(await (await list('?format=csv&sort=account')).text()).toBe(before);
    expect(parseCsv(before)).toHaveLength(rows.length + 1);
  });

  it('streams more rows than one page holds, every row once, in order across ties at page boundaries', async () => {
    const big = await createTestApp({ publish: false });
    try {
      const many = Array.from({ length: 2345 }, (_, i): StoredReadiness => ({ ...rows[0]!, accountId: `bulk-${String(i).padStart(5, '0')}`, score: (i * 7) % 3 }));
      for (const r of many) await big.store.saveReadiness(big.environment.id, r, readinessCsvLine(r));
      for (const sort of ['-score', 'score', 'account']) {
        const records = parseCsv(await (await secretCall(big, 'GET', `/v1/analytics/readiness?format=csv&sort=${sort}`)).text());
        expect(records.slice(1).map((r) => r[0])).toEqual([...many].sort(SORTS[sort]).map((r) => r.accountId));
      }
    } finally {
      await big.cleanup();
    }
  });
});

describe('who may read it, and what it refuses', () => {
  it('takes a console session with the viewer role, for the environment in the path', async () => {
    await addPerson(t.store, 'viewer@acme.com', 'viewer');
    const viewer = await signedIn(t.app, 'viewer@acme.com');
    const res = await viewer.get(`/v1/admin/environments/${t.environment.id}/analytics/readiness?band=high`);
    expect(res.status).toBe(200);
    expect(ReadinessAnswer.parse(await res.json()).total).toBe(rows.filter((r) => r.band === 'high').length);
  }, 30_000);

  it('refuses no key, a publishable key and a wrong secret key', async () => {
    await expectApiError(await t.app.request('/v1/analytics/readiness'), 401, 'missing_key');
    await expectApiError(await t.app.request('/v1/analytics/readiness', { headers: { Authorization: `Bearer ${t.key}` } }), 401, 'wrong_key_type');
    await expectApiError(await t.app.request('/v1/analytics/readiness', { headers: { Authorization: 'Bearer sk_00000000000000000000' } }), 401, 'unknown_key');
  });

  it.each([
    ['band=ready', 'band'],
    ['fixFirst=yes', 'fixFirst'],
    ['minScore=101', 'minScore'],
    ['minScore=ten', 'minScore'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['offset=-1', 'offset'],
    ['sort=name', 'sort'],
    ['format=xml', 'format'],
    ['plan=Not%20a%20key', 'plan'],
    [`q=${'x'.repeat(257)}`, 'q'],
  ])('answers 400 for %s, at its parameter', async (query, path) => {
    const error = await expectApiError(await list(`?${query}`), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([path]);
  });

  it('answers 405 to anything but GET', async () => {
    expect((await secretCall(t, 'POST', '/v1/analytics/readiness', {})).status).toBe(405);
  });
});
