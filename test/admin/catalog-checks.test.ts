import { describe, expect, it } from 'vitest';
import { catalogProblems, KEY, LOCALE } from '../../admin/src/areas/catalog/checks';
import { demoContent } from '../../server/demo/seed';
import { exampleCatalog } from '../../shared/examples';
import { Catalog } from '../../shared/schemas/catalog';
import { Key, Locale } from '../../shared/schemas/common';

// The map editor checks the catalog as it is typed, without zod (the console's CSP forbids it). Each
// check must judge as the schema does, at the same path, or a person is told "fine" about something
// the server then refuses (or the reverse).

type Patch = (c: Catalog) => void;
const cases: [string, Patch][] = [
  ['nothing changed', () => {}],
  ['an id with a space', (c) => void (c.metrics[0]!.id = 'api calls')],
  ['an empty id', (c) => void (c.features[0]!.id = '')],
  ['a duplicate feature id', (c) => void (c.features[1]!.id = c.features[0]!.id)],
  ['an empty name', (c) => void (c.plans[0]!.name = '')],
  ['a name of 81 characters', (c) => void (c.metrics[0]!.name = 'x'.repeat(81))],
  ['an empty unit', (c) => void (c.metrics[0]!.unit = '')],
  ['a limit on an unknown metric', (c) => void (c.plans[0]!.limits.teleports = 3)],
  ['a negative limit', (c) => void (c.plans[0]!.limits.api_calls = -1)],
  ['a limit typed as text', (c) => void ((c.plans[0]!.limits as Record<string, unknown>).api_calls = 'lots')],
  ['an unknown feature', (c) => void c.plans[0]!.features.push('teleportation')],
  ['a plan called next', (c) => void (c.plans[0]!.id = 'next')],
  ['an add-on named like a plan', (c) => void (c.addons![0]!.id = c.plans[0]!.id)],
  ['a lower-case currency', (c) => void (c.plans[0]!.price = { amount: 5, currency: 'usd', interval: 'month' })],
  ['a negative price', (c) => void (c.plans[0]!.price = { amount: -5, currency: 'USD', interval: 'month' })],
  ['a javascript: checkout URL', (c) => void (c.plans[0]!.checkoutUrl = 'javascript:alert(1)')],
  ['a relative checkout path', (c) => void (c.plans[0]!.checkoutUrl = '/billing?plan=pro')],
  ['a protocol-relative sales URL', (c) => void (c.salesUrl = '//evil.test')],
  ['a trial of 0 days', (c) => void (c.features[0]!.trialDays = 0)],
  ['a trial of 90 days', (c) => void (c.features[0]!.trialDays = 90)],
  ['a trial of 2.5 days', (c) => void (c.features[0]!.trialDays = 2.5)],
  ['a translation under a bad tag', (c) => void (c.features[0]!.locales = { 'de_CH': { name: 'x' } })],
  ['a translation without a name', (c) => void (c.metrics[0]!.locales = { de: { name: '' } })],
  ['a good translation', (c) => void (c.metrics[0]!.locales = { 'de-CH': { name: 'API-Aufrufe', unit: 'Aufrufe' } })],
  ['a next step from an unknown plan', (c) => void (c.nextSteps[0]!.from = 'gold')],
  ['a next step to itself', (c) => void (c.nextSteps[0]!.to = c.nextSteps[0]!.from)],
  ['two fallbacks from one plan', (c) => void c.nextSteps.push({ from: c.nextSteps[0]!.from, to: c.addons![0]!.id })],
  ['no plans', (c) => void (c.plans = [])],
];

describe('catalogProblems', () => {
  it.each(cases)('judges %s as the schema does, at the same paths', (_, patch) => {
    for (const base of [demoContent.catalog, exampleCatalog]) {
      const c = structuredClone(base) as Catalog;
      patch(c);
      const schema = Catalog.safeParse(c);
      const ours = Object.keys(catalogProblems(c));
      expect(ours.length === 0, JSON.stringify(ours)).toBe(schema.success);
      if (!schema.success) expect(ours).toEqual(expect.arrayContaining([...new Set(schema.error.issues.map((i) => i.path.join('.')))].filter((p) => p !== 'plans' || ours.includes('plans'))));
    }
  });

  it.each(['a', 'A1', 'api_calls', 'a.b:c-d', 'x'.repeat(64), 'x'.repeat(65), '_a', '', 'a b', 'ä'])('reads the id %j as Key does', (id) => {
    expect(KEY.test(id)).toBe(Key.safeParse(id).success);
  });
  it.each(['de', 'de-CH', 'pt-BR', 'zh-Hant-TW', 'deu', 'd', 'de_CH', 'de-', '', 'english'])('reads the language tag %j as Locale does', (tag) => {
    expect(LOCALE.test(tag)).toBe(Locale.safeParse(tag).success);
  });
});
