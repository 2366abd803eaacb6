// The theme grammar of shared/schemas/settings.ts (CssColour, CssRadius, CssFont) as plain checks,
// so the console can say "not a colour" while it is typed and the live preview only ever applies
// values the server would take, without zod in the bundle. test/admin/theme-rules.test.ts holds
// them to the schemas; the server's errors at `theme.*` stay the authority.

const hexColour = /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
const functionColour = /^(?:rgba?|hsla?)\([0-9.%, /]{1,60}\)$/;
const radius = /^\d{1,2}(?:\.\d{1,3})?(?:px|rem)$/;
const word = '[\\p{L}\\p{N}-]+';
const family = ` *(?:"[\\p{L}\\p{N} -]+"|'[\\p{L}\\p{N} -]+'|${word}(?: +${word})*) *`;
const fontList = new RegExp(`^${family}(?:,${family})*$`, 'u');

export const isColour = (v: string): boolean => hexColour.test(v) || functionColour.test(v);
export const isRadius = (v: string): boolean => radius.test(v) && Number.parseFloat(v) <= 48;
export const isFont = (v: string): boolean => v.length <= 200 && fontList.test(v);

export const COLOUR_HINT = '#rgb, #rrggbb, #rrggbbaa, or rgb(), rgba(), hsl(), hsla() of numbers';

/** The contrast ratio of white text on a `#rgb`/`#rrggbb` colour (WCAG 2), or null for other spellings. */
export function whiteTextContrast(colour: string): number | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour);
  if (!m?.[1]) return null;
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  return 1.05 / (luminance + 0.05);
}
