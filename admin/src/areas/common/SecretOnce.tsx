import { useEffect, useId, useRef } from 'preact/hooks';
import { Button, CopyButton } from '../../ui';

interface Props {
  /** What the secret is: "Secret key “CI”", "Identity verification secret". */
  title: string;
  secret: string;
  /** Where it goes, in a sentence: "Set it as UPSHIFT_IDENTITY_SECRET on your backend." */
  use?: string;
  onDone: () => void;
}

/**
 * A secret the server answered this once (it keeps only a hash, or never shows it to a session
 * again). Focus moves here when it appears so keyboard and screen reader users meet it before
 * anything else, and it stays until the person says they have stored it.
 */
export function SecretOnce({ title, secret, use, onDone }: Props) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div ref={box} class="notice warn secret-once stack" role="region" aria-labelledby={`${id}-t`} tabIndex={-1}>
      <h3 id={`${id}-t`}>{title}</h3>
      <p>
        <strong>Copy it now: you won't see it again.</strong> Upshift does not show it a second time; if it is lost, make a new one.
        {use ? ` ${use}` : ''}
      </p>
      <div class="row">
        <code class="code secret" aria-label={title}>
          {secret}
        </code>
        <CopyButton text={secret} label={`Copy ${title.toLowerCase()}`} />
      </div>
      <Button onClick={onDone}>I have stored it</Button>
    </div>
  );
}
