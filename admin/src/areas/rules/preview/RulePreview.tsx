import type { ComponentType } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Catalog } from '../../../../../shared/schemas/catalog';
import type { Settings } from '../../../../../shared/schemas/settings';
import { previewAccount, previewContext } from '../../../model/preview-account';
import { Select } from '../../../ui';
import { languageName } from '../content/checks';
import { localesOf, tiersOf, variantsOf, type Json } from '../content/places';
import type { Scheme, Width } from './sheet';
import type { StageProps } from './Stage';
import { wordRule } from './word';

export interface RulePreviewProps {
  /** The rule JSON being edited. */
  rule: Json;
  catalog: Catalog | null;
  /** The environment's draft settings: the theme, buyer roles and the widget's strings. */
  settings: Settings | null;
}

/** The widget's card renderer, loaded when a preview first shows: the console's first load does not carry upshift-ui.js's code. */
let stage: Promise<ComponentType<StageProps>> | undefined;
const loadStage = () => (stage ??= import('./Stage').then((m) => m.default));

/**
 * The live preview: the rule's prompt rendered by the widget's own surfaces for the previewed
 * account, for any tier, variant and language, in light or dark, at desktop width or 360 px, with
 * the environment's theme. It updates as the rule is edited.
 */
export function RulePreview({ rule, catalog, settings }: RulePreviewProps) {
  const tiers = tiersOf(rule);
  const variants = variantsOf(rule);
  const locales = localesOf(rule);
  const [tier, setTier] = useState('');
  const [variant, setVariant] = useState('');
  const [locale, setLocale] = useState('');
  const [scheme, setScheme] = useState<Scheme>('light');
  const [width, setWidth] = useState<Width>('desktop');
  const [Stage, setStage] = useState<ComponentType<StageProps> | null>(null);

  useEffect(() => {
    let live = true;
    void loadStage().then((s) => live && setStage(() => s));
    return () => {
      live = false;
    };
  }, []);

  const context = previewContext(catalog);
  const pick = { tier: tiers.some((t) => t.id === tier) ? tier : tiers[0]?.id, variant: variants.includes(variant) ? variant : undefined, locale: locales.includes(locale) ? locale : undefined };
  // The account's own language unless one is chosen, so numbers read as the account would see them.
  const shownLocale = pick.locale ?? context.user.locale;
  const worded = useMemo(() => wordRule(rule, catalog, settings, { ...pick, locale: shownLocale }, context, Date.now()), [rule, catalog, settings, pick.tier, pick.variant, shownLocale, previewAccount.value]);
  const account = previewAccount.value?.label ?? 'a sample account';

  return (
    <section class="card rule-preview" aria-labelledby="rule-preview-title">
      <h3 id="rule-preview-title">Preview</h3>
      <p class="hint">As the widget shows it to {account}. Buttons in the preview do nothing.</p>
      <div class="rule-preview-controls">
        {tiers.length ? <Select label="Preview tier" value={pick.tier ?? ''} options={tiers.map((t) => ({ value: t.id, label: t.label }))} onValue={setTier} /> : null}
        {variants.length ? (
          <Select label="Preview variant" value={pick.variant ?? ''} options={[{ value: '', label: 'No variant (the rule’s own copy)' }, ...variants.map((v) => ({ value: v, label: `Variant ${v}` }))]} onValue={setVariant} />
        ) : null}
        <Select
          label="Preview language"
          value={pick.locale ?? ''}
          options={[{ value: '', label: `The account’s (${context.user.locale ?? 'en'})` }, ...locales.map((l) => ({ value: l, label: languageName(l) }))]}
          onValue={setLocale}
        />
        <Select label="Colour scheme" value={scheme} options={[{ value: 'light', label: 'Light' }, { value: 'dark', label: 'Dark' }]} onValue={(v) => setScheme(v as Scheme)} />
        <Select label="Page width" value={width} options={[{ value: 'desktop', label: 'Desktop' }, { value: 'phone', label: 'Phone (360 px)' }]} onValue={(v) => setWidth(v as Width)} />
      </div>
      {!worded.ok ? (
        <p class="notice">{worded.problem}</p>
      ) : (
        <>
          {worded.notes.map((n) => (
            <p key={n} class="hint">
              {n}
            </p>
          ))}
          {Stage ? <Stage prompt={worded.prompt} config={worded.config} context={{ ...context, user: { ...context.user, ...(shownLocale && { locale: shownLocale }) } }} scheme={scheme} width={width} /> : <p class="hint">Loading the preview…</p>}
        </>
      )}
    </section>
  );
}
