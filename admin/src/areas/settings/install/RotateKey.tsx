import { useState } from 'preact/hooks';
import type { EnvironmentView } from '../../../../../shared/schemas/admin';
import { Button, ConfirmDialog, Select } from '../../../ui';
import { GRACE_PERIODS, type InstallModel } from './model';

/** What happens to pages that still carry the old key, in the words of the chosen grace period. */
function consequence(grace: string): string {
  if (grace === '0') return 'Pages that still carry the old key stop at once: their widgets get no config and their events are refused, so no prompts show there.';
  const label = GRACE_PERIODS.find((g) => g.value === grace)?.label ?? '';
  return `Pages that still carry the old key keep working for ${label}, then stop: their widgets get no config and their events are refused.`;
}

/** Rotate the publishable key, with an optional grace period for the old one, after a confirmation. */
export function RotateKey({ env, model }: { env: EnvironmentView; model: InstallModel }) {
  const [open, setOpen] = useState(false);
  const { grace, rotate } = model;
  const confirm = async () => {
    if ((await rotate.run(Boolean(env.previousKeyValidUntil))).ok) setOpen(false);
  };
  return (
    <div class="stack">
      <h3>Rotate the publishable key</h3>
      <div class="row">
        <Select label="Old key keeps working for" value={grace.value} options={GRACE_PERIODS} onValue={(v) => (grace.value = v)} />
        <Button variant="danger" onClick={() => setOpen(true)}>
          Rotate publishable key
        </Button>
      </div>
      <ConfirmDialog
        open={open}
        title={`Rotate the publishable key of ${env.name}?`}
        confirmLabel="Rotate key"
        danger
        busy={rotate.busy.value}
        error={rotate.error.value}
        onConfirm={() => void confirm()}
        onCancel={() => {
          rotate.clear();
          setOpen(false);
        }}
      >
        <p>{consequence(grace.value)}</p>
        {env.previousKeyValidUntil ? (
          <p class="notice warn">
            The key before the last rotation still works until {new Date(env.previousKeyValidUntil).toLocaleString()}: rotating again stops it at once, whatever you choose above.
          </p>
        ) : null}
        <p>Replace the key in the embed snippet on every page with the new one shown here after rotating.</p>
      </ConfirmDialog>
    </div>
  );
}
