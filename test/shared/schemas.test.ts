import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { uuidv7 } from '../../shared/ids';
import { Catalog } from '../../shared/schemas/catalog';
import { Href } from '../../shared/schemas/common';
import { Config } from '../../shared/schemas/config';
import { Context } from '../../shared/schemas/context';
import { Event, EventBatch, MAX_EVENTS_PER_BATCH } from '../../shared/schemas/event';
import { Rule } from '../../shared/schemas/rule';
import { State } from '../../shared/schemas/state';
import { context, demoCatalog, demoRule, ladderOf } from './fixtures';

type Path = (string | number)[];

/** The paths of every issue `schema` reports for `input`, or `null` when it accepts it. */
function issuePaths(schema: z.ZodType, input: unknown): Path[] | null {
  const result = schema.safeParse(input);
  return result.success ? null : result.error.issues.map((issue) => issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
}

/** Applies `change` to a fresh copy of `base`. */
function changed<T>(base: () => T, change: (value: T) => void): T {
  const value = base();
  change(value);
  return value;
}

describe('Catalog', () => {
  it('accepts the demo catalog', () => {
    expect(issuePaths(Catalog, demoCatalog())).toBeNull();
  });

  it.each([
    { name: 'a plan limit on an unknown metric', change: (c: Catalog) => void (c.plans[0]!.limits['bogus'] = 1), path: ['plans', 0, 'limits', 'bogus'] },
    { name: 'an unknown feature', change: (c: Catalog) => void c.plans[1]!.features.push('bogus'), path: ['plans', 1, 'features', 3] },
    { name: 'a next step to an unknown plan', change: (c: Catalog) => void (c.nextSteps[0]!.to = 'enterprise'), path: ['nextSteps', 0, 'to'] },
    { name: 'a next step from an unknown plan', change: (c: Catalog) => void (c.nextSteps[0]!.from = 'legacy'), path: ['nextSteps', 0, 'from'] },
    { name: 'a duplicate plan id', change: (c: Catalog) => void c.plans.push({ ...c.plans[0]! }), path: ['plans', 2, 'id'] },
    { name: 'a plan named "next", the word offers use for the next step', change: (c: Catalog) => void c.plans.push({ id: 'next', name: 'Next', limits: {}, features: [] }), path: ['plans', 2, 'id'] },
    { name: 'a duplicate metric id', change: (c: Catalog) => void c.metrics.push({ id: 'seats', name: 'more seats' }), path: ['metrics', 2, 'id'] },
    { name: 'a duplicate feature id', change: (c: Catalog) => void c.features.push({ id: 'dashboards', name: 'Boards' }), path: ['features', 3, 'id'] },
    { name: 'a plan that is its own next step', change: (c: Catalog) => void (c.nextSteps = [{ from: 'pro', to: 'pro' }]), path: ['nextSteps', 0, 'to'] },
    {
      name: 'two next steps from one plan',
      change: (c: Catalog) => {
        c.plans.push({ id: 'team', name: 'Team', limits: {}, features: [] });
        c.nextSteps.push({ from: 'starter', to: 'team' });
      },
      path: ['nextSteps', 1, 'from'],
    },
    { name: 'a javascript: checkout URL', change: (c: Catalog) => void (c.plans[1]!.checkoutUrl = 'javascript:alert(1)'), path: ['plans', 1, 'checkoutUrl'] },
    { name: 'a negative limit', change: (c: Catalog) => void (c.plans[0]!.limits['seats'] = -1), path: ['plans', 0, 'limits', 'seats'] },
    { name: 'a lower-case currency', change: (c: Catalog) => void (c.plans[0]!.price = { amount: 1, currency: 'usd', interval: 'month' }), path: ['plans', 0, 'price', 'currency'] },
    { name: 'no plans', change: (c: Catalog) => void (c.plans = []), path: ['plans'] },
  ])('rejects $name at $path', ({ change, path }) => {
    expect(issuePaths(Catalog, changed(demoCatalog, change))).toContainEqual(path);
  });

  it.each([
    { name: 'a chain of next steps', change: (c: Catalog) => {
      c.plans.push({ id: 'enterprise', name: 'Enterprise', limits: { api_calls: 1_000_000 }, features: ['dashboards'] });
      c.nextSteps.push({ from: 'pro', to: 'enterprise' });
    } },
    { name: 'no next steps', change: (c: Catalog) => void (c.nextSteps = []) },
    { name: 'a path checkout URL', change: (c: Catalog) => void (c.plans[0]!.checkoutUrl = '/billing') },
    { name: 'an absolute checkout URL', change: (c: Catalog) => void (c.plans[0]!.checkoutUrl = 'https://x.test/a') },
  ])('accepts $name', ({ change }) => {
    expect(issuePaths(Catalog, changed(demoCatalog, change))).toBeNull();
  });
});

describe('Rule', () => {
  const tiers = (r: Rule) => ladderOf(r).tiers;

  it.each([
    { name: 'the demo ladder', change: () => {} },
    {
      name: 'an absolute-value ladder',
      change: (r: Rule) => tiers(r).forEach((t, i) => void (t.at = { value: 1_000 * (i + 1) })),
    },
    { name: 'a single tier', change: (r: Rule) => void tiers(r).splice(1) },
    { name: 'a tier over 100%', change: (r: Rule) => void (tiers(r)[2]!.at = { percent: 150 }) },
  ])('accepts $name', ({ change }) => {
    expect(issuePaths(Rule, changed(demoRule, change))).toBeNull();
  });

  it.each([
    { name: 'tiers out of ascending order', change: (r: Rule) => void tiers(r).reverse(), path: ['trigger', 'tiers', 1, 'at'] },
    { name: 'two tiers at the same threshold', change: (r: Rule) => void (tiers(r)[2]!.at = { percent: 85 }), path: ['trigger', 'tiers', 2, 'at'] },
    { name: 'duplicate tier ids', change: (r: Rule) => void (tiers(r)[1]!.id = 'p70'), path: ['trigger', 'tiers', 1, 'id'] },
    { name: 'mixed percent and value tiers', change: (r: Rule) => void (tiers(r)[2]!.at = { value: 9_500 }), path: ['trigger', 'tiers', 2, 'at'] },
    { name: 'a threshold with both percent and value', change: (r: Rule) => void (tiers(r)[0]!.at = { percent: 70, value: 7_000 } as never), path: ['trigger', 'tiers', 0, 'at'] },
    { name: 'a 0% threshold', change: (r: Rule) => void (tiers(r)[0]!.at = { percent: 0 }), path: ['trigger', 'tiers', 0, 'at', 'percent'] },
    { name: 'no tiers', change: (r: Rule) => void tiers(r).splice(0), path: ['trigger', 'tiers'] },
    { name: 'an unknown status', change: (r: Rule) => void (r.status = 'deleted' as never), path: ['status'] },
    { name: 'a priority over 1000', change: (r: Rule) => void (r.priority = 1001), path: ['priority'] },
    { name: 'an unknown tone', change: (r: Rule) => void (tiers(r)[0]!.tone = 'shout' as never), path: ['trigger', 'tiers', 0, 'tone'] },
    { name: 'a title over 120 characters', change: (r: Rule) => void (tiers(r)[0]!.content.title = 'x'.repeat(121)), path: ['trigger', 'tiers', 0, 'content', 'title'] },
    { name: 'an id with a space', change: (r: Rule) => void (r.id = 'my rule'), path: ['id'] },
  ])('rejects $name at $path', ({ change, path }) => {
    expect(issuePaths(Rule, changed(demoRule, change))).toContainEqual(path);
  });
});

describe('Href (checkout URLs)', () => {
  it.each([
    { href: 'https://x.test/a' },
    { href: 'http://x.test' },
    { href: 'https://x.test/a?plan=pro#top' },
    { href: '/billing' },
    { href: '/billing?plan=pro#plans' },
    { href: '/' },
  ])('accepts $href', ({ href }) => {
    expect(Href.safeParse(href).success).toBe(true);
  });

  it.each([
    { href: 'javascript:alert(1)' },
    { href: 'JavaScript:alert(1)' },
    { href: ' javascript:alert(1)' },
    { href: 'data:text/html,<script>alert(1)</script>' },
    { href: 'vbscript:msgbox(1)' },
    { href: 'ftp://x.test/a' },
    { href: '//evil.test/a' }, // protocol-relative: leaves the host app
    { href: '/\\evil.test' },
    { href: 'billing' },
    { href: '/bill ing' },
    { href: 'https:/x.test' },
    { href: '' },
  ])('rejects $href', ({ href }) => {
    expect(Href.safeParse(href).success).toBe(false);
  });
});

describe('Context', () => {
  it.each([
    { name: 'a Starter user', input: context(7_200) },
    { name: 'locale de-CH and an anchor date', input: context(7_200, { locale: 'de-CH', periodStart: '2026-01-15' }) },
    { name: 'locale zh-Hant-TW', input: context(0, { locale: 'zh-Hant-TW' }) },
    { name: 'an anchor with an offset', input: context(0, { periodStart: '2026-01-15T09:30:00+02:00' }) },
    { name: 'a user id with spaces and unicode', input: { ...context(0), user: { id: 'Zoë Müller <zoe@x.test>' } } },
  ])('accepts $name', ({ input }) => {
    expect(issuePaths(Context, input)).toBeNull();
  });

  it.each([
    { name: 'negative usage', input: context(-1), path: ['usage', 'api_calls'] },
    { name: 'infinite usage', input: context(Number.POSITIVE_INFINITY), path: ['usage', 'api_calls'] },
    { name: 'NaN usage', input: context(Number.NaN), path: ['usage', 'api_calls'] },
    { name: 'a negative limit', input: context(0, { limits: { api_calls: -5 } }), path: ['limits', 'api_calls'] },
    { name: 'a NUL in user.id', input: { ...context(0), user: { id: 'user\u0000' } }, path: ['user', 'id'] },
    { name: 'a newline in user.id', input: { ...context(0), user: { id: 'user\n1' } }, path: ['user', 'id'] },
    { name: 'a DEL in user.id', input: { ...context(0), user: { id: '\u007f' } }, path: ['user', 'id'] },
    { name: 'an empty user.id', input: { ...context(0), user: { id: '' } }, path: ['user', 'id'] },
    { name: 'a tab in account.id', input: { ...context(0), account: { id: 'a\tb', plan: 'starter' } }, path: ['account', 'id'] },
    { name: 'locale "english"', input: context(0, { locale: 'english' }), path: ['user', 'locale'] },
    { name: 'locale "en_US"', input: context(0, { locale: 'en_US' }), path: ['user', 'locale'] },
    { name: 'locale "e"', input: context(0, { locale: 'e' }), path: ['user', 'locale'] },
    { name: 'locale "en-"', input: context(0, { locale: 'en-' }), path: ['user', 'locale'] },
    { name: 'an anchor that is not a date', input: context(0, { periodStart: 'last Tuesday' }), path: ['account', 'periodStart'] },
    { name: 'a health score over 100', input: { ...context(0), account: { id: 'a', plan: 'starter', health: 101 } }, path: ['account', 'health'] },
  ])('rejects $name at $path', ({ input, path }) => {
    expect(issuePaths(Context, input)).toContainEqual(path);
  });
});

describe('Config', () => {
  const content = () => ({ schemaVersion: 1, version: 1, publishedAt: '2026-03-01T00:00:00Z', catalog: demoCatalog(), rules: [demoRule()] });

  it('accepts the demo content', () => {
    expect(issuePaths(Config, content())).toBeNull();
  });

  it.each([
    { name: 'a duplicate rule id', change: (c: ReturnType<typeof content>) => void c.rules.push(demoRule({ priority: 1 })), path: ['rules', 1, 'id'] },
    { name: 'schema version 3', change: (c: ReturnType<typeof content>) => void (c.schemaVersion = 3), path: ['schemaVersion'] },
    { name: 'schema version 0', change: (c: ReturnType<typeof content>) => void (c.schemaVersion = 0), path: ['schemaVersion'] },
    { name: 'version 0', change: (c: ReturnType<typeof content>) => void (c.version = 0), path: ['version'] },
    { name: 'a date without time', change: (c: ReturnType<typeof content>) => void (c.publishedAt = '2026-03-01'), path: ['publishedAt'] },
  ])('rejects $name at $path', ({ change, path }) => {
    expect(issuePaths(Config, changed(content, change))).toContainEqual(path);
  });
});

describe('State', () => {
  it.each([
    { state: { rules: {} }, ok: true },
    { state: { rules: { r1: {} } }, ok: true },
    { state: { rules: { r1: { dismissed: { p95: Date.UTC(2026, 2, 5) } } } }, ok: true },
    { state: { rules: { r1: { dismissed: { p95: -1 } } } }, ok: false },
    { state: { rules: { r1: { dismissed: { p95: 1.5 } } } }, ok: false },
    { state: { rules: { 'bad id': {} } }, ok: false },
  ])('parses $state: $ok', ({ state, ok }) => {
    expect(State.safeParse(state).success).toBe(ok);
  });
});

describe('Event and EventBatch', () => {
  const start = Date.UTC(2026, 2, 10, 12);
  const event = (i: number) => ({
    id: uuidv7(start + i, (b) => webcrypto.getRandomValues(b)),
    at: new Date(start + i).toISOString(),
    userId: 'user-1',
    accountId: 'acct-1',
    type: 'impression' as const,
    ruleId: 'api-usage-ladder',
    tier: 'p95',
    surface: 'banner',
    configVersion: 1,
  });
  const events = (n: number) => Array.from({ length: n }, (_, i) => event(i));

  it.each([
    { count: 1, ok: true },
    { count: MAX_EVENTS_PER_BATCH, ok: true },
    { count: MAX_EVENTS_PER_BATCH + 1, ok: false },
    { count: 0, ok: false },
  ])('a batch of $count events is accepted: $ok', ({ count, ok }) => {
    const paths = issuePaths(EventBatch, { events: events(count) });

    expect(MAX_EVENTS_PER_BATCH).toBe(100);
    if (ok) expect(paths).toBeNull();
    else expect(paths).toEqual([['events']]);
  });

  it.each([
    { name: 'a prompt event', input: event(0), path: null },
    { name: 'a track event', input: { ...event(0), type: 'track', name: 'report.exported', props: { rows: 12 } }, path: null },
    { name: 'a list of 101 events', input: events(101), path: [] },
    { name: 'an id that is not a UUID', input: { ...event(0), id: 'evt-1' }, path: ['id'] },
    { name: 'an unknown type', input: { ...event(0), type: 'hover' }, path: ['type'] },
    { name: 'a time without offset', input: { ...event(0), at: '2026-03-10T12:00:00' }, path: ['at'] },
    { name: 'a control character in userId', input: { ...event(0), userId: 'u\u0001' }, path: ['userId'] },
  ])('Event: $name -> $path', ({ input, path }) => {
    const paths = issuePaths(Event, input);

    if (path === null) expect(paths).toBeNull();
    else expect(paths).toContainEqual(path);
  });
});
