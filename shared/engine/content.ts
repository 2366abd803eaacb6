import type { Content, Copy, Rule, Tier } from '../schemas/rule';
import { own } from './own';

/**
 * The copy one person reads: the variant's, else the tier's or rule's; then the translation for
 * their locale (`de-CH`, else `de`), else the default language. Read it, do not keep it: it may be
 * the config's own object.
 */
export function pickCopy(rule: Rule, tier: Tier | undefined, variant: string | undefined, locale: string | undefined): Content | undefined {
  const v = variant === undefined ? undefined : rule.variants?.find((x) => x.id === variant);
  const copy: Copy | undefined = tier ? (own(v?.tiers, tier.id) ?? tier.content) : (v?.content ?? rule.content);
  return copy && (own(copy.locales, locale) ?? own(copy.locales, locale?.split('-')[0]) ?? copy);
}
