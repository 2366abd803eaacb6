import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { Button } from './button';

interface Props {
  open: boolean;
  title: string;
  children?: ComponentChildren;
  confirmLabel: string;
  cancelLabel?: string;
  /** Styles the confirm button as destructive. */
  danger?: boolean;
  busy?: boolean;
  /** Keeps the confirm button disabled, e.g. until what it confirms has loaded, or while there is nothing to do. */
  confirmDisabled?: boolean;
  /** Why the last attempt failed, shown inside the dialog so the person can retry or cancel. */
  error?: string | null | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal question. Not a native <dialog>: jsdom (our component tests) lacks showModal, and this
 * gives the same behaviour everywhere: focus moves in (to Cancel, the safe choice), Tab cycles
 * inside, Escape cancels, and focus returns to whatever opened it.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, cancelLabel = 'Cancel', danger = false, busy = false, confirmDisabled = false, error, onConfirm, onCancel }: Props) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    const opener = document.activeElement as HTMLElement | null;
    box.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => opener?.focus?.();
  }, [open]);
  if (!open) return null;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      if (!busy) onCancel();
      return;
    }
    if (e.key !== 'Tab' || !box.current) return;
    const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div class="modal-backdrop">
      <div ref={box} class="modal" role="dialog" aria-modal="true" aria-labelledby={`${id}-t`} aria-describedby={children ? `${id}-d` : undefined} onKeyDown={onKeyDown}>
        <h2 id={`${id}-t`}>{title}</h2>
        {children ? <div id={`${id}-d`}>{children}</div> : null}
        {error ? (
          <p class="notice error" role="alert">
            {error}
          </p>
        ) : null}
        <div class="row end">
          <Button data-autofocus onClick={onCancel} disabled={busy}>
            {cancelLabel}
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm} busy={busy} disabled={confirmDisabled}>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </div>
  );
}
