import { useState } from 'preact/hooks';
import { announce } from './announce';
import { Button } from './button';

interface Props {
  text: string;
  /** What is copied, for the button's accessible name: "Copy invite link". */
  label?: string;
}

/** Copies `text` to the clipboard and says "Copied" (visibly and through the live region). */
export function CopyButton({ text, label = 'Copy' }: Props) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
      announce('Copied');
    } catch {
      // No clipboard permission (or an insecure origin): the text is on screen to copy by hand.
      setState('failed');
      announce('Could not copy; select the text and copy it yourself');
    }
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <Button small onClick={copy} aria-label={state === 'idle' ? label : undefined}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </Button>
  );
}
