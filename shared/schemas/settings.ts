import { z } from 'zod';
import { STRING_KEYS, type StringKey } from '../strings';
import { Key, Locale, RecordKey, Text } from './common';

export { DEFAULT_BUYER_ROLES } from '../constants';

// Theme values end up as CSS custom property values on the widget's host elements. Each is checked
// against a closed grammar with no `;`, `{`, `}`, `\`, unbalanced quote, or function but the four
// colour functions, so no value can end a declaration, open a rule, call `url(` or `expression(`,
// or escape its way past the check.

const hexColour = /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
const functionColour = /^(?:rgba?|hsla?)\([0-9.%, /]{1,60}\)$/;

/** A CSS colour: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, or `rgb()`/`rgba()`/`hsl()`/`hsla()` of plain numbers. */
export const CssColour = z
  .string()
  .refine((v) => hexColour.test(v) || functionColour.test(v), 'must be a CSS colour: #rgb, #rgba, #rrggbb, #rrggbbaa, or rgb(), rgba(), hsl() or hsla() of numbers, "%", ",", "/" and spaces');

/** A corner radius from 0 to 48, in `px` or `rem`: "12px", "0.75rem". */
export const CssRadius = z
  .string()
  .refine((v) => /^\d{1,2}(?:\.\d{1,3})?(?:px|rem)$/.test(v) && Number.parseFloat(v) <= 48, 'must be a CSS length from 0 to 48 in px or rem, such as "12px" or "0.75rem"');

// One family: a quoted name (quotes balanced, so no string is left open) or words separated by
// spaces. Words never start or end with a space, so the pattern cannot backtrack exponentially.
const word = '[\\p{L}\\p{N}-]+';
const family = ` *(?:"[\\p{L}\\p{N} -]+"|'[\\p{L}\\p{N} -]+'|${word}(?: +${word})*) *`;
const fontList = new RegExp(`^${family}(?:,${family})*$`, 'u');

/** A font-family list: `Inter, "Helvetica Neue", sans-serif`. Letters, digits, spaces, hyphens, commas and balanced quotes. */
export const CssFont = z
  .string()
  .refine((v) => v.length <= 200 && fontList.test(v), 'must be a font-family list of at most 200 characters: letters, digits, spaces, hyphens, commas and quoted names');

/**
 * The widget's look, per environment. The widget sets each key as the custom property
 * `--upshift-<key>` (`--upshift-accent`, `--upshift-darkAccent`, …) on its host elements, where the
 * host page may also override it with CSS: `upshift-root { --upshift-accent: #0a7 }`. Unset keys
 * keep the widget's own colours, which meet WCAG AA in both colour schemes.
 */
export const Theme = z
  .object({
    /** Calls to action, links and the usage meter (light colour scheme). */
    accent: CssColour.optional(),
    /** The prompt's surface (light colour scheme). */
    background: CssColour.optional(),
    /** The prompt's text (light colour scheme). */
    text: CssColour.optional(),
    /** `accent`, `background` and `text` for readers whose system prefers a dark colour scheme. */
    darkAccent: CssColour.optional(),
    darkBackground: CssColour.optional(),
    darkText: CssColour.optional(),
    /** Corner radius of cards, buttons and panels. */
    radius: CssRadius.optional(),
    /** Font family; by default the widget uses the system UI font. */
    font: CssFont.optional(),
    /** Stacking order of banners, toasts and modals, for host pages with their own overlays. */
    zIndex: z.number().int().min(0).max(2147483647).optional(),
  })
  .strict();
export type Theme = z.infer<typeof Theme>;

/** A `user.role` as the host sends it in the context. */
/** The longest attribution window, in days; the server keeps raw events at least this long. */
export const MAX_ATTRIBUTION_DAYS = 90;

const Role = z.string().min(1).max(64);

/** A tracked event's name, as `Upshift.track(name)` takes it. */
const TrackName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'must be 1-100 letters, digits, "_", ".", ":" or "-"');
const Points = z.number().min(0).max(25);

/**
 * One organisational-growth signal read from an account trait (`account.traits.<trait>`): a number
 * at least `atLeast` (headcount growth in %), or a date within the last `withinDays` days (a funding
 * round). Worth `points` (default 15) of the category's 25.
 */
export const GrowthSignal = z.union([
  z.object({ trait: RecordKey, atLeast: z.number().finite(), points: Points.optional(), label: z.string().min(1).max(80).optional() }).strict(),
  z.object({ trait: RecordKey, withinDays: z.number().int().min(1).max(3650), points: Points.optional(), label: z.string().min(1).max(80).optional() }).strict(),
]);
export type GrowthSignal = z.infer<typeof GrowthSignal>;

/** How expansion readiness reads an account (see server/services/analytics/readiness.ts and the README's "Readiness"). */
export const ReadinessSettings = z
  .object({
    /** The metric whose limit is the account's seat count (default `seats`). */
    seatsMetric: Key.optional(),
    /** An account trait holding the team or company size; it wins over the seats limit for user breadth. */
    teamSizeTrait: RecordKey.optional(),
    /** Tracked event names that count as upgrade-page visits (default none). */
    upgradeEvents: z.array(TrackName).max(20).optional(),
    /** Host traits that signal organisational growth (default: `headcountGrowth` ≥ 10, `fundedAt` within 180 days). */
    growth: z.array(GrowthSignal).max(10).optional(),
  })
  .strict();
export type ReadinessSettings = z.infer<typeof ReadinessSettings>;

/** Environment-wide prompt settings, published with the catalog and rules. */
export const Settings = z
  .object({
    /**
     * The global prompt budget: how many different interruptive prompts (banner, toast, modal) one
     * person may be shown per day and per week, across all rules. Defaults: 1 a day, 3 a week.
     * Prompts the person asked for (a locked-feature click) do not spend it.
     */
    budget: z.object({ day: z.number().int().min(0).max(100).optional(), week: z.number().int().min(0).max(500).optional() }).strict().optional(),
    /** Percent of accounts that never see any prompt, to measure overall lift (default 0). */
    holdout: z.number().min(0).max(100).optional(),
    /** The widget's colours, corner radius, font and stacking order. */
    theme: Theme.optional(),
    /**
     * The `user.role`s that may buy (default `DEFAULT_BUYER_ROLES`), compared exactly. A person whose
     * role is set and not listed is offered "Ask your admin" instead of a checkout; a person with no
     * role counts as a buyer.
     */
    buyerRoles: z.array(Role).min(1).max(20).optional(),
    /** How the expansion-readiness score reads accounts: seats, team size, upgrade-page events, growth traits. */
    readiness: ReadinessSettings.optional(),
    /**
     * How conversions are credited to prompts: the account's last click within `windowDays` (1–90,
     * default 14) before the conversion, else its last impression in that window unless `fallback`
     * is `none` (default `impression`).
     */
    attribution: z.object({ windowDays: z.number().int().min(1).max(MAX_ATTRIBUTION_DAYS).optional(), fallback: z.enum(['impression', 'none']).optional() }).strict().optional(),
    /**
     * How `GET /v1/analytics/experiments` reads experiments: `sequentialTuning` is the number of
     * exposed accounts (both arms) at which the sequential intervals are tightest (gbstats'
     * `sequential_tuning_parameter`, default 5000); `minUsefulLift` is the smallest absolute gain in
     * conversion rate worth keeping a prompt for, as a fraction (default 0.01 = +1 percentage
     * point): a rule whose interval's upper bound stays below it, after enough data, is a prune candidate.
     */
    analytics: z.object({ sequentialTuning: z.number().positive().max(1e9).optional(), minUsefulLift: z.number().min(0).max(1).optional() }).strict().optional(),
    /**
     * Rewordings of the widget's own strings, or new languages, by BCP 47 tag:
     * `{ de: { later: 'Morgen erinnern' }, es: { dismiss: 'Cerrar', … } }`. English fills the gaps.
     */
    strings: z
      .record(Locale, z.object(Object.fromEntries(STRING_KEYS.map((k) => [k, Text(200).optional()])) as Record<StringKey, z.ZodOptional<ReturnType<typeof Text>>>).strict())
      .refine((r) => Object.keys(r).length <= 50, 'at most 50 languages')
      .optional(),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;
