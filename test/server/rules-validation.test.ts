import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDrafts } from '../../server/services/publishing';
import { demoContent } from '../../server/demo/seed';
import type { Catalog } from '../../shared/schemas/catalog';
import { expectApiError } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';

const NOW = Date.UTC(2026, 10, 22, 12);
let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ clock: () => NOW });
  await writeDrafts(t.store, t.environment.id, demoContent);
});
afterEach(async () => {
  await t.cleanup();
});

const call = (method: string, path: string, body?: unknown, key: string = t.secretKey) =>
  t.app.request(path, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

type Issues = { issues: { path: string; code: string; message: string }[] };
const issuesOf = (details: unknown) => (details as Issues).issues;

/** A rule every check accepts: an event-count banner offering the next step. */
const rule = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'exports',
  name: 'Heavy exporters',
  status: 'live',
  priority: 10,
  trigger: { type: 'event', event: 'report_exported', count: 5, withinDays: 7 },
  offer: { type: 'upgrade', plan: 'next' },
  surface: 'toast',
  content: { title: 'You export a lot', body: '{{count}} exports this week', cta: 'See {{offer.plan.name}}' },
  ...over,
});
const ladderTier = (id: string, percent: number) => ({ id, at: { percent }, tone: 'recommend', content: { title: 'T', body: 'B', cta: 'C' } });
const put = (body: Record<string, unknown>, key?: string) => call('PUT', `/v1/rules/${String(body.id)}`, body, key);

/**
 * `{"not":{"not":…leaf…}}`, `depth` levels deep, as JSON text: `JSON.stringify` itself recurses,
 * so a hostile client writes such bodies by hand, and so does this test.
 */
const nestedNots = (depth: number): string => `${'{"not":'.repeat(depth)}{"attr":"account.plan","op":"eq","value":"starter"}${'}'.repeat(depth)}`;
const nestedLists = (depth: number): string => `{"all":${'['.repeat(depth)}${']'.repeat(depth)}}`;
/** `body` as JSON text with `audience` (JSON text) spliced in. */
const withJson = (body: Record<string, unknown>, field: string, json: string): string => JSON.stringify({ ...body, [field]: '@@' }).replace('"@@"', json);

describe('PUT /v1/rules/:id: what the schema alone cannot see, refused with the exact path', () => {
  it.each<[string, string, Record<string, unknown>, RegExp]>([
    [
      'an unknown attribute',
      'audience.all.1.attr',
      { audience: { all: [{ attr: 'account.plan', op: 'eq', value: 'starter' }, { attr: 'account.size', op: 'gt', value: 5 }] } },
      /unknown attribute "account\.size"/,
    ],
    ['a metric the catalog lacks', 'audience.any.0.attr', { audience: { any: [{ attr: 'usage.emails', op: 'gt', value: 5 }] } }, /unknown attribute "usage\.emails"/],
    ['a number operator on a date', 'audience.all.0.op', { audience: { all: [{ attr: 'account.createdAt', op: 'gt', value: 5 }] } }, /"gt" does not apply to account\.createdAt, which is a date/],
    ['a date operator on a number', 'audience.not.op', { audience: { not: { attr: 'usage.api_calls', op: 'before', value: '-90d' } } }, /which is a number/],
    ['a milestone on an unknown attribute', 'trigger.attr', { trigger: { type: 'milestone', attr: 'account.seats', at: 10 } }, /unknown attribute/],
    ['a milestone on something that is not a number', 'trigger.attr', { trigger: { type: 'milestone', attr: 'account.plan', at: 10 } }, /a milestone needs a number/],
    [
      'a ladder tier at 150 % of the limit',
      'trigger.tiers.1.at.percent',
      { content: undefined, trigger: { type: 'usage', metric: 'api_calls', tiers: [ladderTier('p80', 80), ladderTier('p150', 150)] } },
      /at most 100 %/,
    ],
  ])('refuses %s: 400 at %s, nothing stored', async (_name, path, over, message) => {
    const error = await expectApiError(await put(rule(over)), 400, 'invalid_request');
    expect(issuesOf(error.details)).toEqual([{ path, code: 'custom', message: expect.stringMatching(message) }]);
    expect(error.message).toContain(`"${path}"`);
    await expectApiError(await call('GET', '/v1/rules/exports'), 404, 'not_found');
  });

  it('accepts what the catalog knows: traits of any type, metrics as numbers, dates with before/after', async () => {
    const audience = {
      all: [
        { attr: 'account.traits.employees', op: 'gte', value: 50 },
        { attr: 'ratio.api_calls', op: 'gte', value: 50 },
        { attr: 'account.createdAt', op: 'before', value: '-30d' },
        { attr: 'user.role', op: 'in', value: ['admin', 'owner'] },
      ],
    };
    expect((await put(rule({ audience }))).status).toBe(201);
    expect((await put(rule({ trigger: { type: 'milestone', attr: 'usage.seats', at: 10 } }))).status).toBe(200);
  });

  it('checks metric attributes against the draft catalog only once there is one', async () => {
    const fresh = await t.store.createEnvironment({ name: 'No catalog yet', allowedOrigins: [] });
    const res = await put(rule({ audience: { attr: 'usage.emails', op: 'gt', value: 5 } }), fresh.secretKey);
    expect(res.status).toBe(201);
    expect(((await res.json()) as { warnings: { code: string }[] }).warnings.map((w) => w.code)).toContain('catalog.missing');
    // Unknown attributes outside the catalog's reach are refused either way.
    await expectApiError(await put(rule({ audience: { attr: 'account.size', op: 'gt', value: 5 } }), fresh.secretKey), 400, 'invalid_request');
  });
});

describe('PUT /v1/rules/:id: conditions nested too deep', () => {
  it.each([
    ['9 levels', nestedNots(8)],
    ['5,000 nested "not"s', nestedNots(5000)],
    ['100,000 nested "not"s', nestedNots(100_000)],
    ['100,000 nested lists', nestedLists(100_000)],
  ])('refuses %s with a 400 at "audience", never a 500', async (_name, audience) => {
    const error = await expectApiError(await call('PUT', '/v1/rules/exports', withJson(rule(), 'audience', audience)), 400, 'invalid_request');
    expect(issuesOf(error.details).map((i) => i.path)).toEqual(['audience']);
    expect(issuesOf(error.details)[0]?.message).toMatch(/at most/);
    expect(t.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('accepts 8 levels', async () => {
    expect((await call('PUT', '/v1/rules/exports', withJson(rule(), 'audience', nestedNots(7)))).status).toBe(201);
  });
});

describe('PUT /v1/rules/:id: the v2 fields are schema-checked with exact paths', () => {
  const variant = (id: string) => ({ id, weight: 1, content: { title: 'T', body: 'B', cta: 'C' } });
  it.each<[string, string, Record<string, unknown>]>([
    ['a schedule ending before it starts', 'schedule.end', { schedule: { start: '2026-12-01T00:00:00Z', end: '2026-11-01T00:00:00Z' } }],
    ['two variants with one id', 'variants.2.id', { variants: [variant('a'), variant('b'), variant('a')] }],
    ['variants that all weigh 0', 'variants', { variants: [{ ...variant('a'), weight: 0 }] }],
    ['an inline surface without a slot', 'slot', { surface: 'inline' }],
    ['an event rule without content', 'content', { content: undefined }],
    ['a feature rule without content', 'content', { content: undefined, trigger: { type: 'feature', feature: 'scheduled_reports' } }],
    ['a holdout above 100', 'holdout', { holdout: 101 }],
    ['an unknown guard', 'guards', { guards: { vibes: true } }],
    ['a cap per fortnight', 'frequency.cap.per', { frequency: { cap: { count: 1, per: 'fortnight' } } }],
    ['an offer of a trial without days', 'offer.days', { offer: { type: 'trial', feature: 'scheduled_reports' } }],
    ['an event trigger counting to 0', 'trigger.count', { trigger: { type: 'event', event: 'report_exported', count: 0, withinDays: 7 } }],
  ])('refuses %s: 400 at %s', async (_name, path, over) => {
    const error = await expectApiError(await put(rule(over)), 400, 'invalid_request');
    expect(issuesOf(error.details).map((i) => i.path)).toContain(path);
    await expectApiError(await call('GET', '/v1/rules/exports'), 404, 'not_found');
  });

  it('a usage rule needs no content of its own: its tiers carry it', async () => {
    const ladder = structuredClone(demoContent.rules[0]!);
    expect(ladder.content).toBeUndefined();
    expect((await put({ ...ladder, id: 'ladder-2' })).status).toBe(201);
  });
});

describe('PUT /v1/rules/:id answers lint warnings with the saved rule', () => {
  const warningsOf = async (res: Response) => {
    expect([200, 201]).toContain(res.status);
    return ((await res.json()) as { warnings: { code: string; path: (string | number)[]; message: string }[] }).warnings;
  };

  it.each<[string, string, Record<string, unknown>, (string | number)[]]>([
    ['an audience that contradicts itself', 'rule.never', { audience: { all: [{ attr: 'usage.api_calls', op: 'gt', value: 90 }, { attr: 'usage.api_calls', op: 'lt', value: 50 }] } }, ['audience']],
    ['an audience matching everyone', 'rule.always', { audience: { attr: 'account.id', op: 'exists' } }, ['audience']],
    ['a schedule that already ended', 'rule.never', { schedule: { end: '2026-11-01T00:00:00Z' } }, ['schedule', 'end']],
    ['a 100 % holdout', 'rule.never', { holdout: 100 }, ['holdout']],
    ['a feature every plan includes', 'rule.never', { trigger: { type: 'feature', feature: 'dashboards' }, surface: 'panel' }, ['trigger', 'feature']],
    ['a milestone at 0', 'rule.always', { trigger: { type: 'milestone', attr: 'usage.seats', at: 0 } }, ['trigger', 'at']],
    ['a guard overridden without a reason', 'guard.no_reason', { guards: { accountAgeDays: 0, openTickets: false, reasons: { openTickets: 'Support tickets are about billing here' } } }, ['guards', 'accountAgeDays']],
  ])('warns about %s (%s) and still saves it', async (_name, code, over, path) => {
    const warnings = await warningsOf(await put(rule(over)));
    expect(warnings).toContainEqual({ code, path, message: expect.any(String) });
    expect((await call('GET', '/v1/rules/exports')).status).toBe(200);
  });

  it('gives no warning to a rule that is fine', async () => {
    expect(await warningsOf(await put(rule({ audience: { attr: 'account.traits.employees', op: 'gte', value: 50 } })))).toEqual([]);
  });

  it('gives no guard warning when every override says why, and accepts a ladder tier at exactly 100 %', async () => {
    const guards = { accountAgeDays: 30, reasons: { accountAgeDays: 'Trials convert in the first month' } };
    expect(await warningsOf(await put(rule({ guards })))).toEqual([]);
    const trigger = { type: 'usage', metric: 'api_calls', tiers: [ladderTier('p90', 90), ladderTier('p100', 100)] };
    expect((await put(rule({ id: 'full', content: undefined, surface: 'banner', trigger }))).status).toBe(201);
  });

  it('warns when a live rule of higher priority fires on the same signal for a wider audience on the same place', async () => {
    expect(await warningsOf(await put(rule({ id: 'broad', priority: 50 })))).toEqual([]);
    const narrow = await warningsOf(await put(rule({ id: 'narrow', priority: 10, audience: { attr: 'account.traits.employees', op: 'gte', value: 50 } })));
    expect(narrow).toContainEqual({ code: 'priority.shadowed', path: ['priority'], message: expect.stringContaining('"broad" (priority 50)') });
    // Another place (an inline slot) is no competition, nor is a paused rule.
    expect(await warningsOf(await put(rule({ id: 'inline', priority: 10, surface: 'inline', slot: 'sidebar' })))).toEqual([]);
    await put(rule({ id: 'broad', priority: 50, status: 'paused' }));
    expect(await warningsOf(await put(rule({ id: 'narrow', priority: 10, audience: { attr: 'account.traits.employees', op: 'gte', value: 50 } })))).toEqual([]);
  });
});

describe('PUT /v1/catalog: next-step segments', () => {
  const withSegment = (segment: unknown): Catalog => ({ ...structuredClone(demoContent.catalog), nextSteps: [{ from: 'starter', to: 'pro', segment } as Catalog['nextSteps'][number], { from: 'starter', to: 'pro' }] });

  it.each<[string, string, unknown]>([
    ['an unknown attribute', 'nextSteps.0.segment.all.1.attr', { all: [{ attr: 'account.traits.size', op: 'gt', value: 5 }, { attr: 'account.size', op: 'gt', value: 5 }] }],
    ['an operator that does not fit', 'nextSteps.0.segment.op', { attr: 'account.plan', op: 'gt', value: 5 }],
    ['a metric the catalog lacks', 'nextSteps.0.segment.attr', { attr: 'usage.emails', op: 'gt', value: 5 }],
  ])('refuses a segment with %s: 400 at %s, the old catalog kept', async (_name, path, segment) => {
    const error = await expectApiError(await call('PUT', '/v1/catalog', withSegment(segment)), 400, 'invalid_request');
    expect(issuesOf(error.details)).toEqual([{ path, code: 'custom', message: expect.any(String) }]);
    expect(((await (await call('GET', '/v1/catalog')).json()) as { catalog: Catalog }).catalog).toEqual(demoContent.catalog);
  });

  it('refuses a segment nested 5,000 levels deep with a 400', async () => {
    const body = JSON.stringify(withSegment('@@')).replace('"@@"', nestedNots(5000));
    const error = await expectApiError(await call('PUT', '/v1/catalog', body), 400, 'invalid_request');
    expect(issuesOf(error.details).map((i) => i.path)).toEqual(['nextSteps.0.segment']);
  });

  it('accepts a segment it can read', async () => {
    const res = await call('PUT', '/v1/catalog', withSegment({ attr: 'account.traits.employees', op: 'gte', value: 50 }));
    expect(res.status).toBe(200);
  });
});

describe('rules saved against one catalog and published against another', () => {
  it('refuses to publish a rule whose audience names a metric the catalog has since dropped', async () => {
    expect((await put(rule({ audience: { attr: 'usage.seats', op: 'gt', value: 3 } }))).status).toBe(201);
    const catalog = structuredClone(demoContent.catalog);
    catalog.metrics = catalog.metrics.filter((m) => m.id !== 'seats');
    for (const p of catalog.plans) delete (p.limits as Record<string, number>).seats;
    // The seat pack raises nothing but seats: it goes with them.
    catalog.addons = (catalog.addons ?? []).filter((a) => !a.limits || !Object.hasOwn(a.limits, 'seats'));
    expect((await call('PUT', '/v1/catalog', catalog)).status).toBe(200);
    const error = await expectApiError(await call('POST', '/v1/publish'), 422, 'invalid_config');
    expect(issuesOf(error.details).map((i) => i.path)).toContain('rules.1.audience.attr');
  });
});

describe('PUT /v1/rules/:id: matches patterns', () => {
  const audience = (value: string) => ({ audience: { any: [{ attr: 'user.traits.title', op: 'matches', value }] } });

  it.each([
    ['(a{1,30}){1,30}$', /too large.*500 states/],
    ['((.{1,6}){1,6}){1,6}!', /too large/],
    ['a(?=b)', /lookarounds/],
    ['(a)\\1', /backreferences/],
    ['\\bVP\\b', /word boundaries/],
  ])('refuses %s: 400 at audience.any.0.value, saying why, nothing stored', async (pattern, why) => {
    const error = await expectApiError(await put(rule(audience(pattern))), 400, 'invalid_request');
    expect(issuesOf(error.details)).toEqual([{ path: 'audience.any.0.value', code: 'custom', message: expect.stringMatching(why) }]);
    await expectApiError(await call('GET', '/v1/rules/exports'), 404, 'not_found');
  });

  // Refused until the linear-time matcher: harmless on it.
  it.each(['.*.*.*x', '(a+)+$', '^(a|aa)+$'])('accepts %s, which the linear-time matcher runs safely', async (pattern) => {
    expect((await put(rule(audience(pattern)))).status).toBe(201);
  });
});
