import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { exampleCatalog } from '../../shared/examples';
import { Catalog } from '../../shared/schemas/catalog';
import type { State } from '../../shared/schemas/state';
import { MINUTE, NOW, NO_STATE, cfg, ctx, eventRule, richCatalog, usageRule } from './fixtures';

/** The rich catalog with seats in German (and a unit), and scheduled reports in German. */
function translated() {
  const c = richCatalog();
  c.metrics[1] = { id: 'seats', name: 'team members', unit: 'seats', locales: { de: { name: 'Teammitglieder', unit: 'Plätze' }, 'de-CH': { name: 'Teammitglieder' } } };
  c.metrics[0] = { id: 'api_calls', name: 'API calls', locales: { de: { name: 'API-Aufrufe' } } };
  c.features[1] = { ...c.features[1]!, quote: 'Saves me an hour a day.', trialDays: 14, locales: { de: { name: 'Geplante Berichte', description: 'Jedes Dashboard jeden Morgen als PDF.', quote: 'Spart mir eine Stunde am Tag.' } } };
  return Catalog.parse(c);
}

describe('catalog translations and units (schema)', () => {
  it('keeps catalogs without them valid', () => {
    expect(Catalog.safeParse(exampleCatalog).success).toBe(true);
    expect(Catalog.safeParse(richCatalog()).success).toBe(true);
  });

  it('takes a unit and names per locale for metrics, and translations and a trial length for features', () => {
    const c = translated();
    expect(c.metrics[1]).toEqual({ id: 'seats', name: 'team members', unit: 'seats', locales: { de: { name: 'Teammitglieder', unit: 'Plätze' }, 'de-CH': { name: 'Teammitglieder' } } });
    expect(c.features[1]).toMatchObject({ trialDays: 14, locales: { de: { name: 'Geplante Berichte' } } });
  });

  const issue = (patch: (c: ReturnType<typeof richCatalog>) => void) => {
    const c = richCatalog();
    patch(c);
    const r = Catalog.safeParse(c);
    return r.success ? null : r.error.issues.map((i) => i.path.join('.'));
  };
  it.each<[string, (c: ReturnType<typeof richCatalog>) => void, string]>([
    ['a trial of 0 days', (c) => void (c.features[0]!.trialDays = 0), 'features.0.trialDays'],
    ['a trial of 91 days', (c) => void (c.features[0]!.trialDays = 91), 'features.0.trialDays'],
    ['a trial of 1.5 days', (c) => void (c.features[0]!.trialDays = 1.5), 'features.0.trialDays'],
    ['a locale that is no language tag', (c) => void (c.metrics[0]!.locales = { 'german!': { name: 'x' } }), 'metrics.0.locales.german!'],
    ['a translation without a name', (c) => void (c.features[0]!.locales = { de: { name: '' } }), 'features.0.locales.de.name'],
    ['an empty unit', (c) => void (c.metrics[0]!.unit = ''), 'metrics.0.unit'],
  ])('refuses %s at its path', (_, patch, path) => {
    expect(issue(patch)).toContain(path);
  });
  it('accepts trials of 1 and 90 days', () => {
    expect(issue((c) => void ((c.features[0]!.trialDays = 1), (c.features[1]!.trialDays = 90)))).toBeNull();
  });
});

describe('the prompt in the reader’s language', () => {
  const seatsRule = usageRule('seats', { content: undefined }, 'seats');
  const seatsAt = (locale: string | undefined) => evaluate(cfg([seatsRule], { catalog: translated() }), ctx({ ...(locale && { locale }), usage: { seats: 4 } }), NO_STATE, NOW).prompt;

  it.each([
    { locale: 'de', name: 'Teammitglieder', unit: 'Plätze', body: '4 of 5 Teammitglieder' },
    { locale: 'de-AT', name: 'Teammitglieder', unit: 'Plätze', body: '4 of 5 Teammitglieder' },
    // A Swiss reader has a name of their own but no unit: the translated name, never the English unit.
    { locale: 'de-CH', name: 'Teammitglieder', unit: 'Teammitglieder', body: '4 of 5 Teammitglieder' },
    { locale: 'fr', name: 'team members', unit: 'seats', body: '4 of 5 team members' },
    { locale: undefined, name: 'team members', unit: 'seats', body: '4 of 5 team members' },
  ])('$locale: the meter counts $unit and {{metric}} reads $name', ({ locale, name, unit, body }) => {
    const p = seatsAt(locale);
    expect(p?.metric).toMatchObject({ id: 'seats', name, usage: 4, limit: 5 });
    // The meter reads `unit`, else the name; a unit equal to the name is not repeated.
    expect(p?.metric?.unit ?? p?.metric?.name).toBe(unit);
    expect(p?.metric?.unit).not.toBe(name);
    expect(p?.content.body).toBe(body);
  });

  it('falls back to the name where a metric has neither unit nor translation', () => {
    const p = evaluate(cfg([usageRule('calls')]), ctx({ locale: 'de', usage: { api_calls: 9_000 } }), NO_STATE, NOW).prompt;
    expect(p?.metric).toEqual({ id: 'api_calls', name: 'API calls', usage: 9_000, limit: 10_000, percent: 90 });
  });

  it('words a trialled feature in German: its name, description and quote, in the copy and the offer', () => {
    const fires: State = { rules: {}, counts: { report_exported: [1, 2, 3, 4, 5].map((m) => NOW - m * MINUTE) } };
    const rule = eventRule('trial', 'report_exported', 5, 7, { surface: 'banner', offer: { type: 'trial', feature: 'scheduled_reports', days: 14 }, content: { title: '{{offer.name}}', body: '{{feature.name}}: {{feature.description}}', cta: 'Go' } });
    const de = evaluate(cfg([rule], { catalog: translated() }), ctx({ locale: 'de-DE' }), fires, NOW).prompt;
    expect(de?.content).toEqual({ title: 'Geplante Berichte', body: 'Geplante Berichte: Jedes Dashboard jeden Morgen als PDF.', cta: 'Go' });
    expect(de?.offer.name).toBe('Geplante Berichte');
    expect(de?.feature).toMatchObject({ id: 'scheduled_reports', name: 'Geplante Berichte', quote: 'Spart mir eine Stunde am Tag.' });
    const en = evaluate(cfg([rule], { catalog: translated() }), ctx({ locale: 'en' }), fires, NOW).prompt;
    expect(en?.feature).toMatchObject({ name: 'Scheduled reports', quote: 'Saves me an hour a day.' });
    expect(en?.offer.name).toBe('Scheduled reports');
  });
});
