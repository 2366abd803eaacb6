import { useState } from 'preact/hooks';
import { Button, TextField } from '../../ui';
import { OriginsEditor } from '../common/OriginsEditor';
import type { EnvironmentsModel } from './model';

/** The new-environment form: a name and the allowed origins, each origin checked as typed. */
export function CreateEnvironment({ model, onCancel }: { model: EnvironmentsModel; onCancel: () => void }) {
  const { name, origins, create } = model;
  const [tried, setTried] = useState(false);
  const problems = origins.problems.value.some((p) => p !== null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (problems) return;
    if ((await create.run()).ok) setTried(false);
  };
  const stray = create.error.value && !create.fieldErrors.value['name'] && !Object.keys(create.fieldErrors.value).some((p) => p.startsWith('allowedOrigins.'));
  return (
    <form class="card stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="env-new-h">
      <h2 id="env-new-h">New environment</h2>
      {stray ? <p class="notice error" role="alert">{create.error.value}</p> : null}
      <TextField label="Name" hint="Such as Production or Staging" value={name.value} onValue={(v) => (name.value = v)} error={create.fieldErrors.value['name']} autoComplete="off" />
      <OriginsEditor editor={origins} serverErrors={create.fieldErrors.value} tried={tried} onChange={() => create.clear()} />
      {tried && problems ? <p class="notice error" role="alert">Correct the origins marked above, or remove them.</p> : null}
      <div class="row">
        <Button type="submit" variant="primary" busy={create.busy.value} busyLabel="Creating…" disabled={name.value.trim() === ''}>
          Create environment
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
