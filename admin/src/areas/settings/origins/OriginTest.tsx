import { Button, TextField } from '../../../ui';
import type { OriginsModel } from './model';

/** Type an origin, ask the server whether a page there may use the key, and see why. */
export function OriginTest({ model }: { model: OriginsModel }) {
  const { probe, result, check } = model;
  const submit = (e: Event) => {
    e.preventDefault();
    void check.run();
  };
  const answer = result.value;
  return (
    <form class="card stack" onSubmit={submit} noValidate aria-labelledby="origin-test-h">
      <h3 id="origin-test-h">Test an origin</h3>
      <p class="muted">Checks the saved origins, the way the server checks a browser's request.</p>
      <div class="row">
        <TextField label="Origin to test" value={probe.value} onValue={(v) => { probe.value = v; result.value = null; }} placeholder="https://app.acme.com" autoComplete="off" error={check.fieldErrors.value['origin']} />
        <Button type="submit" busy={check.busy.value} busyLabel="Checking…" disabled={probe.value.trim() === ''}>
          Check origin
        </Button>
      </div>
      <div role="status">
        {check.error.value && !check.fieldErrors.value['origin'] ? <p class="notice error">{check.error.value}</p> : null}
        {answer ? (
          <p class={answer.allowed ? 'notice ok' : 'notice error'}>
            <strong>{answer.allowed ? 'Allowed' : 'Not allowed'}</strong>
            {answer.matchedBy ? <> (matched by <code>{answer.matchedBy}</code>)</> : null}: {answer.reason}
          </p>
        ) : null}
      </div>
    </form>
  );
}
