import { useSignal } from '@preact/signals';
import { placeKey, type KeyPlacement, type Way } from './auth';
import { pretty } from './examples';
import { isRef } from './spec';
import { apiKey } from './model';
import type { Entry } from './operations';
import { buildRequest, inputKey } from './request';
import { ResultView, send, type Outcome } from './result';

interface Props {
  entry: Entry;
  ways: Way[];
  /** Whether the operation needs some credential at all (a key or the console's session). */
  needsCredential: boolean;
  example: unknown;
  hasBody: boolean;
}

/** Parameter inputs filled from the document: a parameter's example, else its schema's example or default. */
function exampleValues(entry: Entry): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of entry.parameters) {
    const schema = p.schema && !isRef(p.schema) ? p.schema : undefined;
    const value = p.example ?? schema?.examples?.[0] ?? schema?.example ?? schema?.default;
    if (value !== undefined) out[inputKey(p.in, p.name)] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** Where the key goes, or why none does, as the form says it. */
function keyNote(key: KeyPlacement, needsCredential: boolean): string {
  if (key.kind === 'header') return `The key goes in the ${key.name} header.`;
  if (key.kind === 'query') return `The key goes in the ${key.name} query parameter.`;
  if (key.why === 'empty') return 'No key entered above: the request goes without one.';
  return needsCredential ? 'This operation takes the console’s signed-in session (and its CSRF token), not a key.' : 'This operation takes no key.';
}

/** A form that sends the operation to this server with the page's key, and shows the answer. */
export function TryIt({ entry, ways, needsCredential, example, hasBody }: Props) {
  const open = useSignal(false);
  const values = useSignal<Record<string, string>>(exampleValues(entry));
  const body = useSignal(example === undefined ? '' : pretty(example));
  const problems = useSignal<{ field: string; message: string }[]>([]);
  const outcome = useSignal<Outcome | null>(null);
  const formId = `${entry.id}-try`;
  const idOf = (field: string) => `${formId}-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const problemOf = (field: string) => problems.value.find((p) => p.field === field)?.message;

  const submit = async (e: Event) => {
    e.preventDefault();
    const built = buildRequest(entry, ways, { values: values.value, body: body.value, key: apiKey.value }, hasBody);
    if (!built.ok) {
      problems.value = built.problems;
      outcome.value = null;
      // The first field to fix gets the focus, as a person would look for it.
      document.getElementById(idOf(built.problems[0]!.field))?.focus();
      return;
    }
    problems.value = [];
    outcome.value = { kind: 'sending' };
    outcome.value = await send(built.request);
  };

  const toggle = (
    <p>
      <button type="button" class="btn" aria-expanded={open.value ? 'true' : 'false'} aria-controls={open.value ? formId : undefined} onClick={() => (open.value = !open.value)}>
        Try it out<span class="visually-hidden">: {entry.method.toUpperCase()} {entry.path}</span>
      </button>
    </p>
  );
  if (!open.value) return toggle;
  // Read only once open: a closed form does not redraw as the key is typed.
  const key = placeKey(ways, apiKey.value.trim());
  return (
    <>
      {toggle}
      <form id={formId} class="try" aria-label={`Try ${entry.method.toUpperCase()} ${entry.path}`} onSubmit={(e) => void submit(e)} noValidate>
        <h4>Try it out</h4>
        <p class="muted">{keyNote(key, needsCredential)}</p>
        {entry.parameters
          .filter((p) => p.in !== 'cookie')
          .map((p) => {
            const field = inputKey(p.in, p.name);
            const problem = problemOf(field);
            return (
              <div key={field} class="field-row">
                <label for={idOf(field)}>
                  {p.name} ({p.in}){p.required || p.in === 'path' ? ', required' : ''}
                </label>
                <input
                  id={idOf(field)}
                  value={values.value[field] ?? ''}
                  aria-invalid={problem ? 'true' : undefined}
                  aria-describedby={problem ? `${idOf(field)}-error` : undefined}
                  onInput={(e) => (values.value = { ...values.value, [field]: e.currentTarget.value })}
                />
                {problem && <p id={`${idOf(field)}-error`} class="error">{problem}</p>}
              </div>
            );
          })}
        {hasBody && (
          <div class="field-row">
            <label for={idOf('body')}>Request body (JSON)</label>
            <textarea
              id={idOf('body')}
              rows={Math.min(20, Math.max(4, body.value.split('\n').length + 1))}
              spellcheck={false}
              value={body.value}
              aria-invalid={problemOf('body') ? 'true' : undefined}
              aria-describedby={problemOf('body') ? `${idOf('body')}-error` : undefined}
              onInput={(e) => (body.value = e.currentTarget.value)}
            />
            {problemOf('body') && <p id={`${idOf('body')}-error`} class="error">{problemOf('body')}</p>}
          </div>
        )}
        <p class="actions">
          <button type="submit" class="btn primary" disabled={outcome.value?.kind === 'sending'}>
            Send<span class="visually-hidden"> {entry.method.toUpperCase()} {entry.path}</span>
          </button>
          {hasBody && example !== undefined && (
            <button type="button" class="btn" onClick={() => (body.value = pretty(example))}>
              Reset body to the example
            </button>
          )}
        </p>
        <ResultView outcome={outcome.value} label={`Answer to ${entry.method.toUpperCase()} ${entry.path}`} />
      </form>
    </>
  );
}
