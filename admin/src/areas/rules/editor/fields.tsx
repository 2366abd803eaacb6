import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { TextField } from '../../../ui';
import { text } from './draft';

/** What a number field holds: a number, the raw text when it is not one (so the check can say so), or nothing. */
export type NumberInput = number | string | undefined;

/** Reads a number field's text: empty is nothing, a finite number is a number, anything else stays text. */
export function readNumber(raw: string): NumberInput {
  const t = raw.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : raw;
}

interface NumberProps {
  label: string;
  value: unknown;
  onValue: (value: NumberInput) => void;
  error?: string | undefined;
  hint?: ComponentChildren;
  placeholder?: string;
}

/**
 * A labelled number input that keeps what the person typed ("1." on the way to "1.5") while the
 * draft holds the number it means; a change of the draft from elsewhere (the JSON tab) replaces it.
 */
export function NumberField({ label, value, onValue, error, hint, placeholder }: NumberProps) {
  const [raw, setRaw] = useState(text(value));
  const shown = readNumber(raw) === value || (raw.trim() === '' && value === undefined) ? raw : text(value);
  return (
    <TextField
      label={label}
      value={shown}
      inputMode="numeric"
      error={error}
      hint={hint}
      {...(placeholder ? { placeholder } : {})}
      onValue={(v) => {
        setRaw(v);
        onValue(readNumber(v));
      }}
    />
  );
}

/** A titled group of the form, with the engine's lint warnings for it underneath its fields. */
export function Section({ id, title, intro, warnings, children }: { id: string; title: string; intro?: ComponentChildren; warnings?: readonly string[] | undefined; children: ComponentChildren }) {
  return (
    <fieldset class="editor-section" aria-labelledby={`${id}-legend`}>
      <legend id={`${id}-legend`}>{title}</legend>
      {intro ? <p class="hint">{intro}</p> : null}
      {children}
      <SectionWarnings title={title.toLowerCase()} lines={warnings} />
    </fieldset>
  );
}

/** The engine's lint warnings about one section. */
export function SectionWarnings({ title, lines }: { title: string; lines?: readonly string[] | undefined }) {
  if (!lines?.length) return null;
  return (
    <div class="notice warn" role="status">
      <p>
        <strong>Warnings about {title}</strong>
      </p>
      <ul>
        {lines.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  );
}
