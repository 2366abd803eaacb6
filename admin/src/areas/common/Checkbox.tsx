import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

interface Props {
  checked: boolean;
  onChecked: (checked: boolean) => void;
  children: ComponentChildren;
  hint?: ComponentChildren;
  disabled?: boolean;
}

/** A checkbox named by its label (the frame's kit has text fields and selects, not checkboxes). */
export function Checkbox({ checked, onChecked, children, hint, disabled = false }: Props) {
  const id = useId();
  return (
    <div class="check">
      <input id={id} type="checkbox" checked={checked} disabled={disabled} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChecked(e.currentTarget.checked)} />
      <label for={id}>{children}</label>
      {hint ? (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}
