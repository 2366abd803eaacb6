import { cancelLeave, confirmLeave, pendingLeave } from '../router';
import { ConfirmDialog } from '../ui';

/** Asks before an in-app navigation drops unsaved changes (see `useUnsavedChanges`). */
export function LeaveDialog() {
  return (
    <ConfirmDialog open={pendingLeave.value !== null} title="Leave without saving?" confirmLabel="Leave this page" cancelLabel="Stay" danger onConfirm={confirmLeave} onCancel={cancelLeave}>
      <p>You have changes on this page that are not saved. If you leave now, they are lost.</p>
    </ConfirmDialog>
  );
}
