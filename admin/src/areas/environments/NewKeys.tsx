import { useEffect, useRef } from 'preact/hooks';
import type { EnvironmentCreated } from '../../../../shared/schemas/admin';
import { Button, CopyButton } from '../../ui';

/**
 * The keys of a new environment, once: the publishable key can be looked up again, the secret key
 * cannot (the server keeps only its hash). Focus lands here so nobody tabs past it unknowingly.
 */
export function NewKeys({ created, onDone }: { created: EnvironmentCreated; onDone: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  const name = created.environment.name;
  return (
    <div ref={box} class="notice warn stack secret-once" role="region" aria-labelledby="env-keys-h" tabIndex={-1}>
      <h2 id="env-keys-h">{name} is ready: its keys</h2>
      <div class="stack">
        <h3>Publishable key</h3>
        <p>Goes in your pages' embed snippet; you can find it again under Settings → Install.</p>
        <div class="row">
          <code class="code" aria-label="Publishable key">{created.publishableKey}</code>
          <CopyButton text={created.publishableKey} label="Copy publishable key" />
        </div>
      </div>
      <div class="stack">
        <h3>Secret key</h3>
        <p>
          <strong>Shown once: you won't see it again.</strong> Copy it now into your secret manager, for your backend and scripts; never put it in a page. If it is lost, make another under Settings → Secret keys.
        </p>
        <div class="row">
          <code class="code" aria-label="Secret key">{created.secretKey}</code>
          <CopyButton text={created.secretKey} label="Copy secret key" />
        </div>
      </div>
      <Button variant="primary" onClick={onDone}>
        I have stored the secret key
      </Button>
    </div>
  );
}
