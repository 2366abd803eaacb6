import { useState } from 'preact/hooks';
import type { EnvironmentView } from '../../../../../shared/schemas/admin';
import { Button, ConfirmDialog, Empty, Select } from '../../../ui';
import type { PromoteModel } from './model';

/** A JSON value as one line in the diff; absent reads as a dash. */
const show = (v: unknown): string => (v === undefined ? '—' : JSON.stringify(v));

/** Promote: copy this environment's drafts into another, after seeing exactly what changes there. */
export function PromoteSection({ env, envs, model }: { env: EnvironmentView; envs: EnvironmentView[]; model: PromoteModel }) {
  const { target, diffShown, applied, choose, preview, apply } = model;
  const [confirming, setConfirming] = useState(false);
  const targets = envs.filter((e) => e.id !== env.id);
  const targetName = targets.find((e) => e.id === target.value)?.name ?? '';
  const diff = diffShown.value;

  const confirm = async () => {
    if ((await apply.run()).ok) setConfirming(false);
  };

  return (
    <section class="stack" aria-labelledby="promote-h">
      <h2 id="promote-h">Promote</h2>
      <p class="muted">Copies the draft catalog, rules and settings of {env.name} into another environment's drafts. Nothing reaches that environment's widgets until someone publishes there.</p>
      {targets.length === 0 ? (
        <Empty>There is no other environment to promote into. Create one under Environments.</Empty>
      ) : (
        <div class="card stack">
          <div class="row">
            <Select label="Promote into" value={target.value} options={[{ value: '', label: 'Choose an environment' }, ...targets.map((e) => ({ value: e.id, label: e.name }))]} onValue={choose} />
            <Button onClick={() => void preview.run()} disabled={target.value === ''} busy={preview.busy.value} busyLabel="Comparing…">
              Show changes
            </Button>
          </div>
          {preview.error.value ? <p class="notice error" role="alert">{preview.error.value}</p> : null}
          {applied.value ? (
            <p class="notice ok" role="status">
              Promoted {applied.value.count} change{applied.value.count === 1 ? '' : 's'} into the drafts of {targets.find((e) => e.id === applied.value?.to)?.name}. Publish there to make them live.
            </p>
          ) : null}
          {diff ? (
            diff.changes.length === 0 ? (
              <p class="notice" role="status">{targetName}'s drafts already match {env.name}'s: nothing to promote.</p>
            ) : (
              <>
                <div class="table-wrap" role="status">
                  <table class="table diff-table">
                    <caption>
                      {diff.changes.length} change{diff.changes.length === 1 ? '' : 's'} to the drafts of {targetName}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Path</th>
                        <th scope="col">{targetName} now</th>
                        <th scope="col">After promoting</th>
                      </tr>
                    </thead>
                    <tbody>
                      {diff.changes.map((c) => (
                        <tr key={c.path}>
                          <th scope="row"><code>{c.path}</code></th>
                          <td><code class="before">{show(c.before)}</code></td>
                          <td><code class="after">{show(c.after)}</code></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Button variant="primary" onClick={() => setConfirming(true)}>
                  Promote into {targetName}
                </Button>
              </>
            )
          ) : null}
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Promote ${env.name} into ${targetName}?`}
        confirmLabel="Promote"
        busy={apply.busy.value}
        error={apply.error.value}
        onConfirm={() => void confirm()}
        onCancel={() => {
          apply.clear();
          setConfirming(false);
        }}
      >
        <p>
          {targetName}'s draft catalog, rules and settings are replaced with {env.name}'s ({diff?.changes.length ?? 0} changes, as listed). Rules only {targetName} has are removed from its drafts. Its live config stays as it is until someone publishes there.
        </p>
      </ConfirmDialog>
    </section>
  );
}
