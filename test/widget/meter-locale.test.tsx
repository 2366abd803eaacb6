import { render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import type { Prompt } from '../../shared/engine/types';
import { Catalog } from '../../shared/schemas/catalog';
import type { State } from '../../shared/schemas/state';
import { widgetStrings } from '../../shared/strings';
import { stringsFor } from '../../widget/ui/i18n';
import type { Actions } from '../../widget/model';
import { Card } from '../../widget/ui/Card';
import { MINUTE, NOW, NO_STATE, cfg, ctx, eventRule, richCatalog, usageRule } from '../shared/fixtures';

// The engine words the prompt for the reader's locale (shared/engine/render.ts), and the widget's
// own card shows it: a German reader's meter must not read "4 von 5 seats".

function catalog() {
  const c = richCatalog();
  c.metrics[1] = { id: 'seats', name: 'seats', locales: { de: { name: 'Teammitglieder', unit: 'Plätze' } } };
  c.features[1] = { ...c.features[1]!, quote: 'Saves me an hour a day.', locales: { de: { name: 'Geplante Berichte', description: 'Jedes Dashboard jeden Morgen als PDF.', quote: 'Spart mir eine Stunde am Tag.' } } };
  return Catalog.parse(c);
}

function show(p: Prompt | null, locale: string) {
  expect(p).not.toBeNull();
  const format = new Intl.NumberFormat(locale);
  const a = { go: vi.fn(), later: vi.fn(), no: vi.fn(), close: vi.fn(), mode: vi.fn(), seen: vi.fn() } as unknown as Actions;
  render(<Card p={p!} s={stringsFor(widgetStrings(), locale)} ui={{}} ask={false} num={(n) => format.format(n)} a={a} />);
}

describe('the prompt card in the reader’s language', () => {
  it.each([
    ['de', '4 von 5 Plätze'],
    ['de-CH', '4 von 5 Plätze'],
    ['en', '4 of 5 seats'],
  ])('%s: the usage meter reads %j', (locale, meter) => {
    show(evaluate(cfg([usageRule('seats', {}, 'seats')], { catalog: catalog() }), ctx({ locale, usage: { seats: 4 } }), NO_STATE, NOW).prompt, locale);
    expect(document.querySelector('.use')?.textContent).toBe(meter);
  });

  it('explains a feature in German in its panel', () => {
    const fires: State = { rules: {}, counts: { report_exported: [1, 2, 3, 4, 5].map((m) => NOW - m * MINUTE) } };
    const rule = eventRule('trial', 'report_exported', 5, 7, { surface: 'panel', offer: { type: 'trial', feature: 'scheduled_reports', days: 14 } });
    const decision = evaluate(cfg([rule], { catalog: catalog() }), ctx({ locale: 'de' }), fires, NOW);
    show(decision.prompt ?? decision.placed[0] ?? null, 'de');
    expect(screen.getByText('Jedes Dashboard jeden Morgen als PDF.')).toBeTruthy();
    expect(screen.getByText('Spart mir eine Stunde am Tag.')).toBeTruthy();
    expect(screen.queryByText(/Saves me/)).toBeNull();
  });
});
