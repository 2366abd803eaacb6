import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSettings, demoSurfaceRules } from '../../server/demo/demo-rules';
import { lintRule } from '../../server/services/lint';
import { demoAppContent, demoContent, publish } from '../../server/demo/seed';
import { gateCountKey } from '../../shared/engine/triggers';
import { ConfigContent } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import type { Copy, Rule } from '../../shared/schemas/rule';
import type { State } from '../../shared/schemas/state';
import { createTestApp, type TestApp } from '../helpers/test-app';

// The demo environment's content: a rule for every surface, each translated, and decisions for the
// demo page's own person (the context demo/main.ts sends) at the moments a visitor can produce.

const NOW = Date.UTC(2026, 10, 22, 12);
const DAY = 86_400_000;

/** Every piece of copy of a rule: its own, and each ladder tier's. */
const copies = (rule: Rule): [string, Copy][] => [
  ...(rule.content ? [[rule.id, rule.content] as [string, Copy]] : []),
  ...(rule.trigger.type === 'usage' ? rule.trigger.tiers.map((t) => [`${rule.id}/${t.id}`, t.content] as [string, Copy]) : []),
];
const placeholders = (c: { title: string; body: string; cta: string }) => new Set([c.title, c.body, c.cta].flatMap((text) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!)));

describe('the demo environment’s content', () => {
  it('is valid, and lint finds nothing to warn about in any rule', () => {
    expect(ConfigContent.safeParse(demoAppContent).success).toBe(true);
    for (const rule of demoAppContent.rules) expect(lintRule(rule, demoAppContent.catalog, demoAppContent.rules, NOW), rule.id).toEqual([]);
  });

  it('builds on the shared demo catalog and ladder, which the decision corpus keeps to itself', () => {
    expect(demoAppContent.catalog).toBe(demoContent.catalog);
    expect(demoAppContent.rules.map((r) => r.id)).toEqual(['api-usage-ladder', ...demoSurfaceRules.map((r) => r.id)]);
    expect(demoAppContent.settings).toEqual({ budget: { day: 20, week: 100 }, buyerRoles: ['owner', 'admin', 'billing'], theme: demoSettings.theme });
  });

  it('reaches every surface, and every offer but a plain add-on', () => {
    expect(new Set(demoAppContent.rules.map((r) => r.surface))).toEqual(new Set(['banner', 'toast', 'modal', 'inline', 'panel']));
    expect(new Set(demoAppContent.rules.map((r) => r.offer.type))).toEqual(new Set(['upgrade', 'seats', 'trial', 'contact_sales']));
    const seatPack = demoContent.catalog.addons?.find((a) => a.id === 'seat_pack');
    expect(seatPack).toMatchObject({ limits: { seats: 5 }, checkoutUrl: '/demo/billing?addon=seat_pack' });
    expect(demoContent.catalog.salesUrl).toBe('/demo/contact');
    expect(demoContent.catalog.features.find((f) => f.id === 'scheduled_reports')?.quote).toBeTruthy();
  });

  it.each(demoAppContent.rules.flatMap(copies))('%s is in German and French, with no placeholder the English lacks', (_id, copy) => {
    expect(Object.keys(copy.locales ?? {}).sort()).toEqual(['de', 'fr']);
    const english = placeholders(copy);
    for (const translation of Object.values(copy.locales ?? {})) {
      for (const p of placeholders(translation)) expect(english, `{{${p}}}`).toContain(p);
    }
  });

  it('lets {{percent}} bring its own percent sign, as every locale writes it', () => {
    const texts = demoAppContent.rules.flatMap(copies).flatMap(([, c]) => [c, ...Object.values(c.locales ?? {})]).flatMap((c) => [c.title, c.body, c.cta]);
    expect(texts.filter((t) => t.includes('{{percent}}')).length).toBeGreaterThanOrEqual(6);
    expect(texts.filter((t) => /\{\{percent\}\}\s*%/.test(t))).toEqual([]);
  });
});

describe('what the demo page’s person is shown, through POST /v1/decide', () => {
  let t: TestApp;
  let secret: string;
  beforeEach(async () => {
    t = await createTestApp({ clock: () => NOW, publish: false });
    const { environment, secretKey } = await t.store.createEnvironment({ name: 'Demo', allowedOrigins: [] });
    await publish(t.store, environment.id, demoAppContent);
    secret = secretKey;
  });
  afterEach(async () => {
    await t.cleanup();
  });

  /** The context demo/main.ts sends: Globex on Starter, 4 of 5 seats, `percent` of 10,000 API calls. */
  const demoPerson = (percent: number, over: { role?: string; locale?: string } = {}): Context => ({
    user: { id: over.role === 'member' ? 'user_fox' : 'user_dana', role: over.role ?? 'admin', locale: over.locale ?? 'en' },
    account: { id: 'acct_globex', plan: 'starter', createdAt: new Date(NOW - 200 * DAY).toISOString(), traits: { company: 'Globex Corporation', employees: 180 } },
    usage: { api_calls: percent * 100, seats: 4 },
  });
  interface Shown {
    ruleId: string;
    surface: string;
    tier?: string;
    content: { title: string; body: string; cta: string };
    offer: { type: string; id?: string; days?: number; href?: string };
    feature?: { quote?: string };
  }
  const decide = async (context: Context, state: State = { rules: {} }) => {
    const res = await t.app.request('/v1/decide', {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ context, state, at: new Date(NOW).toISOString() }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { prompt: Shown | null; placed: Shown[]; reasons: { ruleId: string; code: string }[] };
  };

  it('below 70 % of the API calls: the seats toast, and the billing card for the billing slot', async () => {
    const d = await decide(demoPerson(42));
    expect(d.prompt).toMatchObject({ ruleId: 'seats-toast', surface: 'toast', tier: 'p80', content: { title: '4 of 5 seats taken' }, offer: { type: 'seats', id: 'seat_pack' } });
    expect(d.prompt?.offer.href).toBe('/demo/billing?addon=seat_pack&upshift_rule=seats-toast&upshift_tier=p80');
    expect(d.placed.map((p) => [p.ruleId, p.surface])).toEqual([['billing-usage-card', 'inline']]);
    // The ladder stays the first rule the debug report lists.
    expect(d.reasons[0]).toEqual(expect.objectContaining({ ruleId: 'api-usage-ladder', code: 'usage.below_threshold' }));
  });

  it('from 70 %: the API-call banner, and the seats toast holds back, even once the banner is dismissed', async () => {
    const d = await decide(demoPerson(72));
    expect(d.prompt).toMatchObject({ ruleId: 'api-usage-ladder', surface: 'banner', tier: 'p70' });
    expect(d.reasons.find((r) => r.ruleId === 'seats-toast')?.code).toBe('audience.miss');
    const dismissed = await decide(demoPerson(72), { rules: { 'api-usage-ladder': { dismissed: { p70: NOW - 60_000 } } } });
    expect(dismissed.prompt).toBeNull();
  });

  it('after the third export this week: the scheduled-reports modal', async () => {
    const exports = { rules: {}, counts: { report_exported: [NOW - 3 * DAY, NOW - DAY, NOW - 60_000] } };
    const d = await decide(demoPerson(42), exports);
    expect(d.prompt).toMatchObject({ ruleId: 'reports-export-modal', surface: 'modal', content: { title: 'Automate this with scheduled reports' }, offer: { type: 'upgrade', id: 'pro' } });
    expect(d.prompt?.content.body).toContain('You exported 3 reports this week.');
    const two = await decide(demoPerson(42), { rules: {}, counts: { report_exported: exports.counts.report_exported.slice(1) } });
    expect(two.prompt?.ruleId).toBe('seats-toast');
  });

  it('after clicks on the locked features: a trial panel with the customer quote, and a sales panel', async () => {
    const attempts = { rules: {}, counts: { [gateCountKey('scheduled_reports')]: [NOW - 60_000], [gateCountKey('anomaly_alerts')]: [NOW - 60_000] } };
    const d = await decide(demoPerson(42), attempts);
    const panels = Object.fromEntries(d.placed.filter((p) => p.surface === 'panel').map((p) => [p.ruleId, p]));
    expect(panels['scheduled-reports-trial']).toMatchObject({ offer: { type: 'trial', id: 'scheduled_reports', days: 14 }, content: { cta: 'Start the 14-day trial' } });
    expect(panels['scheduled-reports-trial']?.feature?.quote).toMatch(/inbox/);
    expect(panels['anomaly-alerts-sales']).toMatchObject({ offer: { type: 'contact_sales', href: '/demo/contact?upshift_rule=anomaly-alerts-sales' } });
  });

  it.each([
    ['de', '4 von 5 Plätzen belegt', 'Mehr Spielraum mit Pro'],
    ['fr', '4 places sur 5 occupées', 'De la marge avec Pro'],
  ])('speaks the locale %s the language switch sends', async (locale, toast, card) => {
    const d = await decide(demoPerson(42, { locale }));
    expect(d.prompt?.content.title).toBe(toast);
    expect(d.placed[0]?.content.title).toBe(card);
  });

  it('decides the same for a member: who may buy is the widget’s call, from settings.buyerRoles', async () => {
    const member = await decide(demoPerson(42, { role: 'member' }));
    const admin = await decide(demoPerson(42));
    expect(member.prompt?.ruleId).toBe(admin.prompt?.ruleId);
  });
});
