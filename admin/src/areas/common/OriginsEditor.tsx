import { Button, TextField } from '../../ui';
import type { OriginRows } from './origin-rows';
import { ORIGIN_HINT } from './origin-rule';

interface Props {
  editor: OriginRows;
  /** The server's field errors of the last save, by path (`allowedOrigins.2`); cleared by the owner on the next change. */
  serverErrors: Record<string, string>;
  /** Whether a save was tried: from then on empty rows say so too, not only malformed ones. */
  tried: boolean;
  /** Called after every edit, add and remove (the owner drops the server's now stale answer). */
  onChange: () => void;
  disabled?: boolean;
}

/**
 * One labelled row per allowed origin, each checked as typed, with Remove beside it and Add below.
 * After a save the server's message for row N (`allowedOrigins.N`) is the one shown.
 */
export function OriginsEditor({ editor, serverErrors, tried, onChange, disabled = false }: Props) {
  const rows = editor.rows.value;
  const change = (f: () => void) => () => {
    f();
    onChange();
  };
  return (
    <fieldset class="origins-editor" disabled={disabled}>
      <legend>Allowed origins</legend>
      <p class="muted">One origin a row, {ORIGIN_HINT}. Pages on other origins cannot use the publishable key.</p>
      {rows.length === 0 ? <p class="muted">No origins yet: browsers are refused everywhere until you add one.</p> : null}
      {rows.map((row, i) => {
        const local = row.value.trim() === '' && !tried ? undefined : editor.problems.value[i];
        return (
          <div class="row origin-row" key={row.id}>
            <TextField
              label={`Origin ${i + 1}`}
              value={row.value}
              onValue={(v) => change(() => editor.edit(row.id, v))()}
              error={serverErrors[`allowedOrigins.${i}`] ?? local ?? undefined}
              placeholder="https://app.acme.com"
              autoComplete="off"
            />
            <Button small onClick={change(() => editor.remove(row.id))} aria-label={`Remove origin ${i + 1}${row.value ? ` (${row.value})` : ''}`}>
              Remove
            </Button>
          </div>
        );
      })}
      <Button small onClick={change(() => editor.add())}>
        Add origin
      </Button>
    </fieldset>
  );
}
