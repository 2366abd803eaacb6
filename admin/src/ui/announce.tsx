import { signal } from '@preact/signals';

/**
 * One polite live region and a short stack of toasts for the whole console. The region exists from
 * boot, so screen readers are already watching it when a message arrives.
 */

interface Toast {
  id: number;
  text: string;
}

const toasts = signal<Toast[]>([]);
const spoken = signal('');
let next = 1;

/** Says `text` to screen readers without showing anything (e.g. "Copied"). */
export function announce(text: string): void {
  // Clearing first makes a repeated message ("Copied", "Copied") announced again.
  spoken.value = '';
  queueMicrotask(() => {
    spoken.value = text;
  });
}

/** Shows `text` as a toast for a few seconds and announces it. */
export function toast(text: string, ms = 5000): void {
  const id = next++;
  toasts.value = [...toasts.value, { id, text }];
  announce(text);
  setTimeout(() => {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }, ms);
}

/** The live region and the visible toasts; rendered once by the frame. */
export function Announcer() {
  return (
    <>
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {spoken}
      </div>
      <div class="toasts" aria-hidden="true">
        {toasts.value.map((t) => (
          <div key={t.id} class="toast">
            {t.text}
          </div>
        ))}
      </div>
    </>
  );
}
