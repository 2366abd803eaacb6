import { useSignal } from '@preact/signals';

/** A button that copies `text`, and says in a live region whether it did. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const said = useSignal('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      said.value = 'Copied.';
    } catch {
      // Refused outside a secure context or without permission: the text is on the page to select.
      said.value = 'Could not copy; select the text instead.';
    }
  };
  return (
    <span class="copy">
      <button type="button" class="btn" aria-label={label} onClick={() => void copy()}>
        Copy
      </button>
      <span role="status" class="muted">{said}</span>
    </span>
  );
}
