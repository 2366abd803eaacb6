import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { User } from '../../../shared/schemas/admin';
import { signOut, signOutEverywhere } from '../model/session';
import { Button, ConfirmDialog } from '../ui';

/**
 * The signed-in person: who they are, their role, their account page, and signing out. A
 * disclosure (button + panel), so its links and buttons keep their usual keys; Escape closes it.
 */
export function PersonMenu({ user }: { user: User }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [confirmAll, setConfirmAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    const outside = (e: Event) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('focusin', outside);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('focusin', outside);
    };
  }, [open]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      setOpen(false);
      button.current?.focus();
    }
  };

  return (
    <div class="menu" ref={root} onKeyDown={onKeyDown}>
      {/* The name contains the visible text, so voice control users can say what they see. */}
      <button ref={button} type="button" class="btn" aria-label={`Account menu for ${user.name ?? user.email}`} aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {user.name ?? user.email}
      </button>
      {open ? (
        <div class="menu-panel" id={id}>
          <p>
            <strong>{user.name ?? user.email}</strong>
            <br />
            <span class="muted">{user.email}</span>
            <br />
            Role: <span class="badge">{user.role}</span>
          </p>
          {error ? (
            <p class="error" role="alert">
              {error}
            </p>
          ) : null}
          <ul>
            <li>
              <a class="btn" href="/admin/account" onClick={() => setOpen(false)}>
                Account
              </a>
            </li>
            <li>
              <Button busy={busy} onClick={() => run(signOut)}>
                Sign out
              </Button>
            </li>
            <li>
              <Button onClick={() => setConfirmAll(true)}>Sign out of every device</Button>
            </li>
          </ul>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirmAll}
        title="Sign out of every device?"
        confirmLabel="Sign out everywhere"
        danger
        busy={busy}
        error={error}
        onCancel={() => setConfirmAll(false)}
        onConfirm={() => run(signOutEverywhere)}
      >
        <p>Every browser where you are signed in to Upshift, this one included, will need your password again.</p>
      </ConfirmDialog>
    </div>
  );
}
