import { useEffect, useState } from 'preact/hooks';
import { ApiFailure } from '../../api';
import { draftChanges, loadDraftChanges, publishWithNote } from '../../model/publishing';
import { ConfirmDialog, Loaded, TextField, toast } from '../../ui';
import { ChangesList } from './changes-list';

/**
 * "Review and publish": what the drafts change against live, field by field, and the note a
 * person must give (the server refuses a console publish without one; its message shows at the field).
 */
export function PublishDialog({ envId, envName, open, onClose }: { envId: string; envName: string; open: boolean; onClose: () => void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [noteError, setNoteError] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!open) return;
    // Never show the diff of an earlier look: what is published is what the drafts are now.
    draftChanges.data.value = null;
    void loadDraftChanges(envId);
  }, [open, envId]);

  const close = () => {
    setError(null);
    setNoteError(undefined);
    onClose();
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    setNoteError(undefined);
    try {
      const v = await publishWithNote(envId, note);
      setNote('');
      toast(`Published version ${v.version} of ${envName}.`);
      onClose();
    } catch (e) {
      const field = e instanceof ApiFailure ? e.fieldErrors.note : undefined;
      if (field) setNoteError(field);
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  // Publish only what the person has seen, and never an identical version: enabled once the changes
  // are in and there is something to publish.
  const view = draftChanges.data.value;
  const nothing = !view || (view.total === 0 && view.live !== null);
  return (
    <ConfirmDialog open={open} title={`Publish the drafts of ${envName}?`} confirmLabel="Publish" busy={busy} confirmDisabled={nothing} error={error} onCancel={close} onConfirm={() => void confirm()}>
      <p>Your customers start seeing these changes as soon as their widget next checks for a new config.</p>
      <Loaded resource={draftChanges} what="the changes">
        {(view) => (
          <>
            {view.live === null ? <p class="notice">Nothing is live yet: publishing makes the drafts the first version.</p> : null}
            <ChangesList changes={view} empty="Nothing to publish: the drafts are what is live." />
            {view.unpublished.length ? (
              <p class="muted">
                Not published, as their status is draft or archived: {view.unpublished.map((r) => (r.name ? `${r.name} (${r.id})` : r.id)).join(', ')}.
              </p>
            ) : null}
          </>
        )}
      </Loaded>
      <TextField label="Note" required value={note} onValue={setNote} error={noteError} hint="What changes and why, in a few words. It shows in the versions list and the audit log." />
    </ConfirmDialog>
  );
}
