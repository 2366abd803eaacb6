import type { ComponentChildren } from 'preact';
import { Button } from './button';

/** Something is on its way. `role=status` lets screen readers hear it without moving focus. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** Nothing here yet, with what to do about it. */
export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="empty">{children}</div>;
}

/** A failed load: what went wrong, and a way to try again. */
export function ErrorState({ title = 'Something went wrong', message, onRetry }: { title?: string; message: string; onRetry?: () => void }) {
  return (
    <div class="notice error" role="alert">
      <p>
        <strong>{title}</strong>
      </p>
      <p>{message}</p>
      {onRetry ? <Button onClick={onRetry}>Retry</Button> : null}
    </div>
  );
}
