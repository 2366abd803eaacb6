import { useState } from 'preact/hooks';
import { Button, TextArea, TextField } from '../../ui';
import { LOCALE } from './checks';
import { setOptional, type Draft } from './draft';

/** What every form part of the map shares: the draft, and the message for a field path (the server's after a save, else the console's own check). */
export interface PartProps {
  draft: Draft;
  err: (path: (string | number)[]) => string | undefined;
  /** The server's errors under a path, relative to it (`''` for the path itself): a segment's, for its condition editor. */
  under: (path: (string | number)[]) => Record<string, string>;
}

/** A text input for a number; what does not read as a number is kept as typed, so its field says why. */
export function NumberField({ label, value, onValue, error, hint }: { label: string; value: unknown; onValue: (text: string) => void; error: string | undefined; hint?: string }) {
  return <TextField label={label} value={value === undefined ? '' : String(value)} onValue={onValue} error={error} inputMode="numeric" autoComplete="off" {...(hint ? { hint } : {})} />;
}

export interface LocaleField {
  key: string;
  label: string;
  long?: boolean;
}

const LANGUAGES = new Intl.DisplayNames(['en'], { type: 'language' });
const languageName = (code: string): string => {
  try {
    return LANGUAGES.of(code) ?? code;
  } catch {
    return code;
  }
};

/**
 * Translations of one catalog entry: one group per locale (`de`, `de-CH`), each with the entry's
 * fields. A locale is added by its tag and removed as a whole, so two translations never share a tag.
 */
export function LocalesEditor({ draft, err, owner, path, name, fields }: Omit<PartProps, 'under'> & { owner: { locales?: Record<string, Record<string, string>> | undefined }; path: (string | number)[]; name: string; fields: readonly LocaleField[] }) {
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const locales = owner.locales ?? {};
  const add = () => {
    const tag = code.trim();
    if (!LOCALE.test(tag)) return setProblem('Enter a language tag such as "de" or "de-CH".');
    if (Object.hasOwn(locales, tag)) return setProblem(`${name} already has a ${languageName(tag)} translation.`);
    draft.edit(() => {
      owner.locales = { ...locales, [tag]: { [fields[0]!.key]: '' } };
    });
    setCode('');
    setProblem(null);
  };
  return (
    <div class="map-locales">
      {Object.entries(locales).map(([tag, t]) => {
        const label = `${languageName(tag)} (${tag})`;
        return (
          <fieldset key={tag} class="map-locale">
            <legend>{`${name} in ${label}`}</legend>
            {err([...path, tag]) ? <p class="error">{err([...path, tag])}</p> : null}
            {fields.map((f) => {
              const Input = f.long ? TextArea : TextField;
              return (
                <Input
                  key={f.key}
                  label={`${f.label} (${tag})`}
                  value={t[f.key] ?? ''}
                  error={err([...path, tag, f.key])}
                  onValue={(v: string) => draft.edit(() => (f.key === fields[0]!.key ? (t[f.key] = v) : setOptional(t, f.key, v)))}
                />
              );
            })}
            <Button
              small
              variant="danger"
              aria-label={`Remove translation ${label} of ${name}`}
              onClick={() =>
                draft.edit(() => {
                  const rest = { ...locales };
                  delete rest[tag];
                  if (Object.keys(rest).length) owner.locales = rest;
                  else delete owner.locales;
                })
              }
            >
              Remove translation
            </Button>
          </fieldset>
        );
      })}
      <div class="row map-add-locale">
        <TextField label={`Add a translation of ${name}: language tag`} value={code} onValue={setCode} error={problem ?? undefined} placeholder="de" autoComplete="off" />
        <Button small onClick={add}>
          Add translation
        </Button>
      </div>
    </div>
  );
}
