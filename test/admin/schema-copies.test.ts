import { describe, expect, it } from 'vitest';
import { normaliseOrigin, originProblem } from '../../admin/src/areas/common/origin-rule';
import { embedSnippet, LOADER_STUB } from '../../admin/src/areas/settings/install/snippet';
import { fromForm, toForm } from '../../admin/src/areas/settings/prompts/form';
import { isColour, isFont, isRadius, whiteTextContrast } from '../../admin/src/areas/settings/prompts/theme-rules';
import { EVENT_TYPES } from '../../admin/src/areas/settings/webhook/model';
import { AllowedOrigin } from '../../shared/schemas/admin';
import { CssColour, CssFont, CssRadius, Settings } from '../../shared/schemas/settings';
import { WEBHOOK_EVENT_TYPES } from '../../shared/schemas/webhook';
import { readmeLoaderStub } from '../helpers/readme';

// The console repeats a few rules of shared/schemas without zod (and the README's loader stub). Each copy
// must judge every case as its original does, or a person would be told "fine" about something the
// server then refuses, or be handed a snippet the documentation does not describe.

describe('the embed snippet the console hands out', () => {
  it('carries the loader stub exactly as README.md prints it', () => {
    expect(LOADER_STUB).toBe(readmeLoaderStub());
  });
  it('loads upshift.js from this server with the environment key, after the stub', () => {
    expect(embedSnippet('https://upshift.acme.test', 'pk_abc123')).toBe(
      `<script>\n${readmeLoaderStub()}\n</script>\n<script async src="https://upshift.acme.test/upshift.js" data-key="pk_abc123"></script>`,
    );
  });
});

describe('originProblem', () => {
  it.each([
    'https://app.acme.com', 'https://*.acme.com', 'http://localhost:*', 'http://localhost:3000', '  https://APP.acme.com  ', 'http://[::1]:8080', 'https://a-b.c-d.io', '*',
    '', '   ', '**', 'https://*', 'app.acme.com', 'ftp://acme.com', 'https://acme.com/', 'https://acme.com/path', 'https://*.*.acme.com', 'https://-acme.com',
    'https://acme-.com', 'https://acme.com:123456', 'https://ac me.com', `https://${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.com`,
  ])('judges %j as AllowedOrigin does', (value) => {
    expect(originProblem(value) === null).toBe(AllowedOrigin.safeParse(value).success);
  });
  it('says what is wrong in words a person can act on, and normalises as the server stores', () => {
    expect(originProblem('https://acme.com/app')).toMatch(/no path/);
    expect(originProblem('acme.com')).toMatch(/must start with https:\/\//);
    expect(originProblem('')).toMatch(/Enter an origin/);
    expect(normaliseOrigin('  HTTPS://App.Acme.com ')).toBe('https://app.acme.com');
  });
});

describe('theme checks', () => {
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
    expect(whiteTextContrast('#1d4ed8')).toBeGreaterThan(4.5);
    expect(whiteTextContrast('rgb(0,0,0)')).toBeNull();
  });
});

describe('webhook event types', () => {
  it('are the ones the server sends', () => {
    expect([...EVENT_TYPES]).toEqual([...WEBHOOK_EVENT_TYPES]);
  });
});

describe('the prompt settings form', () => {
  it('round-trips settings the schema takes and keeps what it does not edit', () => {
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
    expect(fromForm({ ...toForm({ budget: { day: 2 } }), budgetDay: ' ' }, { budget: { day: 2 } })).toEqual({});
  });
});
