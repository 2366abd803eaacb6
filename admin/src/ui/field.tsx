import type { ComponentChildren, TextareaHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';

interface Common {
  label: string;
  /** The server's message for this field (or several, for a JSON editor); marks the control invalid and describes it. */
  error?: string | readonly string[] | undefined;
  hint?: ComponentChildren;
}

/** The ids and ARIA a control needs to be named by its label and described by its hint and error. */
function useFieldIds(error: Common['error'], hint: unknown) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return { id, hintId, errorId, aria: { id, 'aria-invalid': errorId ? true : undefined, 'aria-describedby': describedBy } };
}

function Frame({ id, label, hint, hintId, error, errorId, children }: Common & { id: string; hintId: string | undefined; errorId: string | undefined; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint ? <span class="hint" id={hintId}>{hint}</span> : null}
      {children}
      {!errorId ? null : typeof error === 'string' ? (
        <span class="error" id={errorId}>
          {error}
        </span>
      ) : (
        <ul class="error issues" id={errorId}>
          {error?.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The input attributes the console uses; a closed list keeps Preact's per-type input typings out of the way. */
interface InputAttrs {
  name?: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'search' | 'datetime-local' | 'date' | 'number';
  autoComplete?: string;
  placeholder?: string;
  required?: boolean;
  disabled?: boolean;
  readOnly?: boolean;
  inputMode?: 'text' | 'email' | 'numeric' | 'url';
}

type InputProps = Common & InputAttrs & { value: string; onValue: (value: string) => void };

/** A labelled text input; `onValue` gets the new text on every keystroke. */
export function TextField({ label, error, hint, value, onValue, ...rest }: InputProps) {
  const ids = useFieldIds(error, hint);
  return (
    <Frame label={label} error={error} hint={hint} {...ids}>
      {/* Spread as a plain object: Preact types each input `type` separately, and ours is a union. */}
      <input {...(rest as object)} {...ids.aria} value={value} onInput={(e) => onValue(e.currentTarget.value)} />
    </Frame>
  );
}

type AreaProps = Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value' | 'onInput'> & { value: string; onValue: (value: string) => void };

/** A labelled multi-line input (monospace in `.field`): the JSON editors use it. */
export function TextArea({ label, error, hint, value, onValue, ...rest }: AreaProps) {
  const ids = useFieldIds(error, hint);
  return (
    <Frame label={label} error={error} hint={hint} {...ids}>
      <textarea spellcheck={false} {...rest} {...ids.aria} value={value} onInput={(e) => onValue(e.currentTarget.value)} />
    </Frame>
  );
}

export interface Option {
  value: string;
  label: string;
}

type SelectProps = Common & { name?: string; disabled?: boolean; value: string; options: readonly Option[]; onValue: (value: string) => void };

/** A labelled native select. */
export function Select({ label, error, hint, value, options, onValue, ...rest }: SelectProps) {
  const ids = useFieldIds(error, hint);
  return (
    <Frame label={label} error={error} hint={hint} {...ids}>
      <select {...rest} {...ids.aria} value={value} onChange={(e) => onValue(e.currentTarget.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}
