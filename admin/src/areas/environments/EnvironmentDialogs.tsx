import { useState } from 'preact/hooks';
import type { EnvironmentView } from '../../../../shared/schemas/admin';
import { ConfirmDialog, TextField } from '../../ui';
import type { EnvironmentsModel } from './model';

interface Props {
  env: EnvironmentView;
  model: EnvironmentsModel;
  onClose: () => void;
}

/** Rename: the new name in a dialog; the server's answer at `name` (taken, too long) shows under the field. */
export function RenameDialog({ env, model, onClose }: Props) {
  const [name, setName] = useState(env.name);
  const { rename } = model;
  const confirm = async () => {
    if ((await rename.run(env, name)).ok) onClose();
  };
  const close = () => {
    rename.clear();
    onClose();
  };
  return (
    <ConfirmDialog open title={`Rename ${env.name}`} confirmLabel="Rename" busy={rename.busy.value} error={rename.fieldErrors.value['name'] ? null : rename.error.value} onConfirm={() => void confirm()} onCancel={close}>
      <TextField label="New name" value={name} onValue={setName} error={rename.fieldErrors.value['name']} autoComplete="off" />
    </ConfirmDialog>
  );
}

/**
 * Delete, after the environment's name is typed again: everything in it goes, and pages using its
 * publishable key stop getting prompts. The server checks the typed name as well.
 */
export function DeleteDialog({ env, model, onClose }: Props) {
  const [typed, setTyped] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { remove } = model;
  const confirm = async () => {
    if (typed !== env.name) {
      setMismatch(true);
      return;
    }
    if ((await remove.run(env, typed)).ok) onClose();
  };
  const close = () => {
    remove.clear();
    onClose();
  };
  const fieldError = mismatch ? `Type ${env.name} exactly, as it is written, to delete it.` : remove.fieldErrors.value['confirm'];
  return (
    <ConfirmDialog open danger title={`Delete ${env.name}?`} confirmLabel="Delete environment" busy={remove.busy.value} error={remove.fieldErrors.value['confirm'] ? null : remove.error.value} onConfirm={() => void confirm()} onCancel={close}>
      <p>
        This deletes its rules, catalog, settings, versions, keys and secrets. Pages using its publishable key stop showing prompts, and its secret keys stop working. This cannot be undone.
      </p>
      <TextField
        label={`Type ${env.name} to confirm`}
        value={typed}
        onValue={(v) => {
          setTyped(v);
          setMismatch(false);
        }}
        error={fieldError}
        autoComplete="off"
      />
    </ConfirmDialog>
  );
}
