import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Catalog } from '../../../../../shared/schemas/catalog';
import { previewAccount, previewContext } from '../../../model/preview-account';
import { Button, ConfirmDialog, Select, TextArea, TextField } from '../../../ui';
import { wordRule } from '../preview/word';
import { errorsElsewhere, fieldProblem, languageName, missingTranslations, unknownVariables } from './checks';
import { dropCopy, ownCopy, removeLocale, setField } from './edit';
import { copyAt, FIELD_LABELS, FIELDS, fieldPath, isLadder, LIMITS, localesOf, placeName, tiersOf, variantsOf, type Field, type Json } from './places';
import { knownVariable, listVariables } from './variables';
import { VariablePicker } from './VariablePicker';

export interface ContentSectionProps {
  /** The rule JSON being edited. */
  rule: Json;
  onChange: (next: Json) => void;
  /** The server's field errors by dotted path from the rule root, e.g. `trigger.tiers.1.content.title`. */
  errors: Readonly<Record<string, string>>;
  catalog: Catalog | null;
  envId: string;
}

const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/**
 * The rule's copy, per tier × variant × language: pick where, then edit title, body and call to
 * action with their character counts, insert template variables (with the previewed account's
 * values) at the cursor, and see missing translations and unknown variables as you type.
 */
export function ContentSection({ rule, onChange, errors, catalog }: ContentSectionProps) {
  const tiers = tiersOf(rule);
  const variants = variantsOf(rule);
  const [tierAt, setTier] = useState(0);
  const [variantAt, setVariant] = useState(-1);
  const [locale, setLocale] = useState('');
  const [added, setAdded] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState<string | undefined>(undefined);
  const [removing, setRemoving] = useState(false);
  const [target, setTarget] = useState<Field>('title');
  const fields = useRef<Partial<Record<Field, HTMLElement | null>>>({});
  const caret = useRef<{ field: Field; at: number } | null>(null);
  // Also kept outside state: a click on Insert may come before the re-render that focusing a field asked for.
  const into = useRef<Field>('title');
  const aim = (field: Field) => {
    into.current = field;
    setTarget(field);
  };

  const place = { tier: Math.min(tierAt, Math.max(0, tiers.length - 1)), variant: variantAt < variants.length ? variantAt : -1 };
  const locales = [...new Set([...localesOf(rule), ...added])].sort();
  const lang = locale && locales.includes(locale) ? locale : '';
  const copy = copyAt(rule, place);
  const inherited = place.variant >= 0 && !copy;
  const text = (field: Field): string => {
    const tr = lang ? (copy?.locales as Json | undefined)?.[lang] : copy;
    const v = (tr as Json | undefined)?.[field];
    return typeof v === 'string' ? v : '';
  };

  const account = previewAccount.value?.label ?? 'a sample account';
  const worded = useMemo(
    () => wordRule(rule, catalog, null, { tier: tiers[place.tier]?.id, variant: variants[place.variant], locale: lang || undefined }, previewContext(catalog), Date.now()),
    [rule, catalog, place.tier, place.variant, lang, previewAccount.value],
  );
  const variables = worded.ok ? listVariables(worded.vars, lang || previewContext(catalog).user.locale) : [];
  const unknown = unknownVariables(copy, lang, knownVariable(variables, catalog));
  const missing = missingTranslations(rule);
  const shown = new Set(inherited ? [] : FIELDS.map((f) => fieldPath(rule, place, lang, f)));
  const elsewhere = errorsElsewhere(rule, errors, shown);

  // After an insert, the cursor goes right after the variable, in the field it went into.
  useLayoutEffect(() => {
    const c = caret.current;
    const el = c && (fields.current[c.field]?.querySelector('input,textarea') as HTMLInputElement | HTMLTextAreaElement | null);
    if (!c || !el) return;
    caret.current = null;
    el.focus();
    el.setSelectionRange(c.at, c.at);
  });

  const insert = (token: string) => {
    const target = into.current;
    const el = fields.current[target]?.querySelector('input,textarea') as HTMLInputElement | HTMLTextAreaElement | null;
    const value = text(target);
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? start;
    caret.current = { field: target, at: start + token.length };
    onChange(setField(rule, place, lang, target, value.slice(0, start) + token + value.slice(end)));
  };

  const addLocale = () => {
    const tag = typed.trim();
    if (!LOCALE.test(tag)) return setTypedError('Type a language tag such as "de" or "de-CH".');
    if (tag.toLowerCase() === 'en') return setTypedError('English is the default language: edit it under English (default).');
    setTypedError(undefined);
    setAdded([...added.filter((l) => l !== tag), tag]);
    setLocale(tag);
    setTyped('');
  };

  if (isLadder(rule) && !tiers.length) {
    return (
      <section class="card content-section" aria-labelledby="content-section-title">
        <h3 id="content-section-title">Content</h3>
        <p class="notice">A usage ladder’s copy belongs to its tiers: add a tier to write it.</p>
      </section>
    );
  }

  return (
    <section class="card content-section" aria-labelledby="content-section-title">
      <h3 id="content-section-title">Content</h3>
      <div class="content-pickers">
        {tiers.length ? <Select label="Tier" value={String(place.tier)} options={tiers.map((t, i) => ({ value: String(i), label: t.label }))} onValue={(v) => setTier(Number(v))} /> : null}
        {variants.length ? (
          <Select
            label="Variant"
            value={String(place.variant)}
            options={[{ value: '-1', label: 'No variant (the rule’s own copy)' }, ...variants.map((v, i) => ({ value: String(i), label: `Variant ${v}` }))]}
            onValue={(v) => setVariant(Number(v))}
          />
        ) : null}
        <Select label="Language" value={lang} options={[{ value: '', label: 'English (default)' }, ...locales.map((l) => ({ value: l, label: languageName(l) }))]} onValue={setLocale} />
        <TextField label="New language" hint="A tag such as de or de-CH" value={typed} onValue={setTyped} error={typedError} />
        <Button onClick={addLocale}>Add language</Button>
        {lang ? (
          <Button variant="danger" onClick={() => setRemoving(true)}>
            Remove {languageName(lang)}
          </Button>
        ) : null}
      </div>

      {missing.length ? (
        <div class="notice warn" role="status">
          <p>
            <strong>Missing translations</strong>
          </p>
          <ul>
            {missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <h4>
        Copy for {placeName(rule, place)} in {lang ? languageName(lang) : 'English (default)'}
      </h4>
      {errors[fieldPath(rule, place, '', 'title').replace(/\.title$/, '')] ? (
        <p class="notice error" role="alert">
          {errors[fieldPath(rule, place, '', 'title').replace(/\.title$/, '')]}
        </p>
      ) : null}
      {inherited ? (
        <p class="notice">
          Variant {variants[place.variant]} shows the rule’s copy here. <Button onClick={() => onChange(ownCopy(rule, place))}>Write copy for variant {variants[place.variant]}</Button>
        </p>
      ) : (
        <>
          {FIELDS.map((f) => {
            const value = text(f);
            const Control = f === 'body' ? TextArea : TextField;
            const error = fieldProblem(copy, lang, f) ?? errors[fieldPath(rule, place, lang, f)];
            return (
              <div key={f} ref={(el) => void (fields.current[f] = el)} onFocusCapture={() => aim(f)}>
                <Control label={FIELD_LABELS[f]} value={value} hint={`${value.length} of ${LIMITS[f]} characters`} error={error} onValue={(v) => onChange(setField(rule, place, lang, f, v))} {...(f === 'body' ? { rows: 3 } : {})} />
              </div>
            );
          })}
          {place.variant >= 0 ? <Button onClick={() => onChange(dropCopy(rule, place))}>Use the rule’s copy for variant {variants[place.variant]}</Button> : null}
        </>
      )}

      {unknown.length ? (
        <p class="notice warn" role="status">
          Unknown template {unknown.length === 1 ? 'variable' : 'variables'} {unknown.map((u) => `{{${u}}}`).join(', ')}: this rule cannot fill {unknown.length === 1 ? 'it' : 'them'}, so readers would see nothing there.
        </p>
      ) : null}
      {elsewhere.length ? (
        <div class="notice error" role="alert">
          <p>
            <strong>Problems in other copy of this rule</strong>
          </p>
          <ul>
            {elsewhere.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <VariablePicker variables={variables} account={account} target={target} onTarget={aim} onInsert={insert} disabled={inherited} />
      {!worded.ok ? <p class="hint">{worded.problem}</p> : null}

      <ConfirmDialog
        open={removing}
        title={`Remove ${languageName(lang)}?`}
        confirmLabel="Remove language"
        danger
        onConfirm={() => {
          onChange(removeLocale(rule, lang));
          setAdded(added.filter((l) => l !== lang));
          setLocale('');
          setRemoving(false);
        }}
        onCancel={() => setRemoving(false)}
      >
        <p>Every translation into {languageName(lang)} in this rule is removed: all its tiers and variants.</p>
      </ConfirmDialog>
    </section>
  );
}
