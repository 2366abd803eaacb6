import { useState } from 'preact/hooks';
import type { Role } from '../../../../../shared/schemas/admin';
import { announce, Button, useUnsavedChanges } from '../../../ui';
import { roleCan } from '../../../../../shared/roles';
import { OriginsEditor } from '../../common/OriginsEditor';
import type { OriginsModel } from './model';
import { OriginTest } from './OriginTest';

/** Allowed origins: an editor for owners (a list for everyone else), and the origin test box. */
export function OriginsSection({ role, model }: { role: Role; model: OriginsModel }) {
  const { editor, dirty, save, reset } = model;
  const [tried, setTried] = useState(false);
  const owner = roleCan(role, 'manage');
  useUnsavedChanges(dirty.value);

  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (editor.problems.value.some((p) => p !== null)) return;
    if ((await save.run()).ok) {
      setTried(false);
      announce('Allowed origins saved');
    }
  };
  // Errors for paths no row shows (the list as a whole: too many origins).
  const listError = Object.entries(save.fieldErrors.value).find(([path]) => !/^allowedOrigins\.\d+$/.test(path));

  return (
    <section class="stack" aria-labelledby="origins-h">
      <h2 id="origins-h">Allowed origins</h2>
      {owner ? (
        <form class="card stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="origins-h">
          {save.error.value && (listError || Object.keys(save.fieldErrors.value).length === 0) ? (
            <p class="notice error" role="alert">
              {listError ? listError[1] : save.error.value}
            </p>
          ) : null}
          {tried && editor.problems.value.some((p) => p !== null) ? (
            <p class="notice error" role="alert">Correct the origins marked below, or remove them, before saving.</p>
          ) : null}
          <OriginsEditor editor={editor} serverErrors={save.fieldErrors.value} tried={tried} onChange={() => save.clear()} />
          <div class="row">
            <Button type="submit" variant="primary" disabled={!dirty.value} busy={save.busy.value} busyLabel="Saving…">
              Save origins
            </Button>
            <Button disabled={!dirty.value || save.busy.value} onClick={() => { reset(); setTried(false); }}>
              Discard changes
            </Button>
          </div>
        </form>
      ) : (
        <div class="card">
          {editor.rows.value.length === 0 ? (
            <p class="muted">No allowed origins: browsers are refused everywhere.</p>
          ) : (
            <ul>
              {editor.rows.value.map((r) => (
                <li key={r.id}>
                  <code>{r.value}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <OriginTest model={model} />
    </section>
  );
}
