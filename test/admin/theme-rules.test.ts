import { describe, expect, it } from 'vitest';
import { fromForm, toForm } from '../../admin/src/areas/settings/prompts/form';
import { isColour, isFont, isRadius, whiteTextContrast } from '../../admin/src/areas/settings/prompts/theme-rules';
import { EVENT_TYPES } from '../../admin/src/areas/settings/webhook/model';
import { CssColour, CssFont, CssRadius, Settings } from '../../shared/schemas/settings';
import { WEBHOOK_EVENT_TYPES } from '../../shared/schemas/webhook';

// The console repeats these rules without zod; each case must be judged as the server's schema judges it.
describe('theme checks agree with the settings schema', () => {
  it.each(['#fff', '#ffff', '#0b6b4f', '#0b6b4f80', 'rgb(1, 2, 3)', 'hsla(10, 50%, 50%, .5)', 'red', '#ggg', 'var(--x)', 'rgb(1,2,3);', 'url(x)', ''])('colour %j', (v) => {
    expect(isColour(v)).toBe(CssColour.safeParse(v).success);
  });
  it.each(['12px', '0.75rem', '48px', '49px', '12', '12em', '-1px', '1.2345px', ''])('radius %j', (v) => {
    expect(isRadius(v)).toBe(CssRadius.safeParse(v).success);
  });
  it.each(['Inter', 'Inter, "Helvetica Neue", sans-serif', "'Open Sans', Arial", 'a;b', '"unbalanced', 'x{}', 'Inter,,Arial', 'x'.repeat(201), ''])('font %j', (v) => {
    expect(isFont(v)).toBe(CssFont.safeParse(v).success);
  });

  it('measures white text on an accent as WCAG does', () => {
    expect(whiteTextContrast('#000000')).toBeCloseTo(21, 1);
    expect(whiteTextContrast('#fff')).toBeCloseTo(1, 5);
    expect(whiteTextContrast('#1d4ed8')!).toBeGreaterThan(4.5);
    expect(whiteTextContrast('rgb(0,0,0)')).toBeNull();
  });

  it('lists the webhook event types the server sends', () => {
    expect([...EVENT_TYPES]).toEqual([...WEBHOOK_EVENT_TYPES]);
  });
});

describe('the prompt settings form', () => {
  it('round-trips settings and keeps what it does not edit', () => {
    const settings: Settings = {
      budget: { day: 2, week: 5 },
      holdout: 5,
      attribution: { windowDays: 30, fallback: 'none' },
      buyerRoles: ['owner', 'billing'],
      theme: { accent: '#0b6b4f', darkText: '#eee', radius: '8px', font: 'Inter, sans-serif', zIndex: 10 },
      strings: { de: { later: 'Morgen erinnern' } },
    };
    expect(fromForm(toForm(settings), settings)).toEqual(settings);
    expect(Settings.safeParse(fromForm(toForm(settings), settings)).success).toBe(true);
  });

  it('sends blank fields as absent, so the defaults apply', () => {
    const form = toForm({ budget: { day: 2 } });
    expect(fromForm({ ...form, budgetDay: ' ' }, { budget: { day: 2 } })).toEqual({});
  });
});
