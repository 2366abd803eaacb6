import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

export type ButtonVariant = 'default' | 'primary' | 'danger';

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'class' | 'className'> & {
  variant?: ButtonVariant;
  small?: boolean;
  /** Shown in place of the children (and the button disabled) while an action runs. */
  busy?: boolean;
  busyLabel?: string;
  children: ComponentChildren;
};

/** A `.btn` button; `type` defaults to "button" so a button in a form never submits by accident. */
export function Button({ variant = 'default', small = false, busy = false, busyLabel, type = 'button', disabled, children, ...rest }: Props) {
  const cls = ['btn', variant === 'default' ? '' : `btn-${variant}`, small ? 'btn-small' : ''].filter(Boolean).join(' ');
  return (
    <button {...rest} type={type} class={cls} disabled={disabled || busy} aria-busy={busy || undefined}>
      {busy ? (busyLabel ?? 'Working…') : children}
    </button>
  );
}
