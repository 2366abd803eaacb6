import type { ComponentChildren, RefObject } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiFailure } from '../api';

/** What a failed submit leaves for the person: messages by field path, and one for the whole form. */
export interface FormErrors {
  fields: Record<string, string>;
  form: string | null;
}

/**
 * Turns a failure into form errors. Field errors keep the server's zod paths (`email`,
 * `allowedOrigins.1`); a path no field of this form shows is listed in the form's message, so
 * nothing the server said is lost.
 */
export function formErrors(error: unknown, fieldNames: readonly string[]): FormErrors {
  if (!(error instanceof ApiFailure)) return { fields: {}, form: error instanceof Error ? error.message : String(error) };
  const fields: Record<string, string> = {};
  const stray: string[] = [];
  for (const [path, message] of Object.entries(error.fieldErrors)) {
    if (fieldNames.includes(path)) fields[path] = message;
    else stray.push(path ? `${path}: ${message}` : message);
  }
  const form = Object.keys(fields).length && !stray.length ? null : [error.message, ...stray].join(' — ');
  return { fields, form };
}

/**
 * State of a small form of text fields: values, whether they differ from the saved ones, the
 * server's errors, and a submit that runs `action` and maps an `ApiFailure` onto the fields.
 */
export function useForm<T extends Record<string, string>>(initial: T) {
  const [saved, setSaved] = useState(initial);
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, form: null });
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const dirty = (Object.keys(values) as (keyof T)[]).some((k) => values[k] !== saved[k]);

  /** Props for a TextField/Select/TextArea bound to `name`. */
  const field = (name: keyof T & string) => ({
    name,
    value: values[name],
    error: errors.fields[name],
    onValue: (v: string) => setValues((old) => ({ ...old, [name]: v })),
  });

  /** Marks `next` (default: the current values) as saved, so the form is no longer dirty. */
  const reset = (next: T = values) => {
    setSaved(next);
    setValues(next);
    setErrors({ fields: {}, form: null });
  };

  const submit = (action: (values: T) => Promise<void>) => async (e?: Event) => {
    e?.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({ fields: {}, form: null });
    try {
      await action(values);
    } catch (err) {
      const found = formErrors(err, Object.keys(values));
      setErrors(found);
      // The first invalid field takes focus; with none, the form's message does (it has role=alert).
      queueMicrotask(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .form-error')?.focus());
    } finally {
      setBusy(false);
    }
  };

  return { values, setValues, field, dirty, errors, setErrors, busy, submit, reset, formRef };
}

interface FormProps {
  /** The `useForm` state whose errors this form shows. */
  form: { errors: FormErrors; formRef: RefObject<HTMLFormElement | null> };
  onSubmit: (e: Event) => void;
  label?: string;
  children: ComponentChildren;
}

/** A `<form>` that shows the form-level error above its fields. The browser's own validation is off: the server's messages are the ones shown. */
export function Form({ form, onSubmit, label, children }: FormProps) {
  const error = form.errors.form;
  return (
    <form ref={form.formRef as RefObject<HTMLFormElement>} onSubmit={onSubmit} noValidate aria-label={label}>
      {error ? (
        <p class="notice error form-error" role="alert" tabIndex={-1}>
          {error}
        </p>
      ) : null}
      {children}
    </form>
  );
}
