import { z } from 'zod';

/** Identifiers we define ourselves (plans, metrics, features, rules, tiers): short, URL- and log-safe. */
export const Key = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be 1-64 letters, digits, "_", ".", ":" or "-", starting with a letter or digit');
export type Key = z.infer<typeof Key>;

/** Identifiers that come from the host app (user and account ids): any printable text. */
export const ExternalId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters');
export type ExternalId = z.infer<typeof ExternalId>;

/** An ISO 8601 date-time with an offset or `Z`, or a plain date (read as midnight UTC). */
export const Timestamp = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
export type Timestamp = z.infer<typeof Timestamp>;

/** BCP 47 language tag, loosely checked; `Intl` does the real work. */
export const Locale = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag such as "en" or "de-CH"');

export const TraitValue = z.union([z.string().max(1024), z.number().finite(), z.boolean(), z.null()]);
export type TraitValue = z.infer<typeof TraitValue>;

/** A key in a host-supplied record. Names that reach an object's prototype are refused. */
export const RecordKey = z
  .string()
  .min(1)
  .max(64)
  .refine((k) => k !== 'constructor' && k !== 'prototype', 'must not be "__proto__", "constructor" or "prototype"');

/**
 * A record the host supplies, with at most `maxKeys` keys. zod's records skip an own `__proto__`
 * key without a word (assigning it would replace the output's prototype), so the raw input is
 * checked first: such a key is refused, never silently dropped.
 */
export function safeRecord<K extends z.ZodType<string>, V extends z.ZodType>(key: K, value: V, maxKeys: number) {
  return z
    .custom<unknown>((v) => typeof v !== 'object' || v === null || !Object.hasOwn(v, '__proto__'), {
      error: 'must not have a "__proto__" key',
    })
    .pipe(z.record(key, value).refine((r) => Object.keys(r).length <= maxKeys, `must have at most ${maxKeys} keys`));
}

/** Free-form host attributes: at most 100 keys of scalar values. */
export const Traits = safeRecord(RecordKey, TraitValue, 100);
export type Traits = z.infer<typeof Traits>;

/** Marketer-written text. Always rendered as text, never as HTML. */
export const Text = (max: number) => z.string().min(1).max(max);

/** A link a prompt may open: absolute http(s), or a path on the host app. Never `javascript:` or `data:`. */
export const Href = z.union(
  [
    // zod stores the URL trimmed and normalised, the form the widget will link to.
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL or a path starting with "/"' }),
    z.string().regex(/^\/(?!\/)[^\s\\]*$/, 'must be an http(s) URL or a path starting with "/"'),
  ],
  // One message for the union, not zod's "Invalid input": both branches failing means the same thing.
  { error: 'must be an http(s) URL or a path starting with "/"' },
);
export type Href = z.infer<typeof Href>;

/** Milliseconds since the Unix epoch. */
export const EpochMs = z.number().int().nonnegative();
