import { describe, expect, it } from 'vitest';
import { STRING_KEYS, WIDGET_STRINGS, widgetStrings } from '../../shared/strings';
import { Settings } from '../../shared/schemas/settings';
import { stringsFor } from '../../widget/ui/i18n';

describe('the widget’s own strings', () => {
  it.each(Object.entries(WIDGET_STRINGS))('are complete in %s, with the same placeholders as English', (_lang, table) => {
    expect(Object.keys(table).sort()).toEqual([...STRING_KEYS].sort());
    for (const key of STRING_KEYS) {
      expect(table[key].trim()).not.toBe('');
      expect(table[key].match(/\{\d\}/g) ?? []).toEqual((WIDGET_STRINGS.en[key].match(/\{\d\}/g) ?? []).sort());
    }
  });

  it('ship in at least English, German and French', () => {
    expect(Object.keys(widgetStrings())).toEqual(expect.arrayContaining(['en', 'de', 'fr']));
  });

  it('take the environment’s rewordings and new languages, English filling the gaps', () => {
    const table = widgetStrings({ de: { later: 'Morgen erinnern' }, es: { dismiss: 'Cerrar' } });
    expect(table.de!.later).toBe('Morgen erinnern');
    expect(table.de!.dismiss).toBe('Schließen');
    expect(table.es!.dismiss).toBe('Cerrar');
    expect(table.es!.later).toBe('Remind me later');
  });

  it.each([
    ['de-CH', 'Schließen'],
    ['DE', 'Schließen'],
    ['fr-CA', 'Fermer'],
    ['ja', 'Dismiss'],
    ['', 'Dismiss'],
    ['constructor', 'Dismiss'],
    ['__proto__', 'Dismiss'],
  ])('are picked for the locale %j by exact tag, then language, then English', (locale, dismiss) => {
    expect(stringsFor(widgetStrings(), locale).dismiss).toBe(dismiss);
  });

  it.each([
    [{ strings: { de: { later: '' } } }, 'strings.de.later'],
    [{ strings: { de: { nope: 'x' } } }, 'strings.de'],
    [{ strings: { 'not a tag': { later: 'x' } } }, 'strings.not a tag'],
    [{ strings: { de: { later: 'x'.repeat(201) } } }, 'strings.de.later'],
  ])('refuses bad overrides in the settings: %j at %s', (settings, path) => {
    const result = Settings.safeParse(settings);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
