import type { EnvironmentView, Role } from '../../../../../shared/schemas/admin';
import { CopyButton, formatTime } from '../../../ui';
import { roleCan } from '../../../../../shared/roles';
import { InstallationCheck } from './InstallationCheck';
import type { InstallModel } from './model';
import { RotateKey } from './RotateKey';
import { embedSnippet, IDENTIFY_EXAMPLE } from './snippet';

interface Props {
  env: EnvironmentView;
  role: Role;
  model: InstallModel;
}

/** A block of code to paste, with its copy button named after it. */
function Snippet({ title, code, copyLabel }: { title: string; code: string; copyLabel: string }) {
  return (
    <div class="stack">
      <div class="spread">
        <h3>{title}</h3>
        <CopyButton text={code} label={copyLabel} />
      </div>
      <pre class="code" tabIndex={0} aria-label={title}>
        <code>{code}</code>
      </pre>
    </div>
  );
}

/** Install: the publishable key, the exact snippet for this server and environment, rotation and the installation check. */
export function InstallSection({ env, role, model }: Props) {
  return (
    <section class="stack" aria-labelledby="install-h">
      <h2 id="install-h">Install</h2>
      <div class="card stack">
        <h3>Publishable key</h3>
        <p class="muted">Public by design: it goes in every page of your app, and works only from the allowed origins.</p>
        <div class="row">
          <code class="code" aria-label="Publishable key">
            {env.publishableKey}
          </code>
          <CopyButton text={env.publishableKey} label="Copy publishable key" />
        </div>
        {env.previousKeyValidUntil ? (
          <p class="notice warn">The previous publishable key keeps working until {formatTime(env.previousKeyValidUntil)}. Update every page before then.</p>
        ) : null}
        {roleCan(role, 'manage') ? <RotateKey env={env} model={model} /> : null}
      </div>
      <div class="card stack">
        <p>Paste this into every page of your app, as high in the <code>&lt;head&gt;</code> as you can. The first script queues calls until <code>upshift.js</code> has loaded.</p>
        <Snippet title="Embed snippet" code={embedSnippet(location.origin, env.publishableKey)} copyLabel="Copy embed snippet" />
        <p>Then tell Upshift who is signed in and where their account stands, and call it again when that changes:</p>
        <Snippet title="Identify example" code={IDENTIFY_EXAMPLE} copyLabel="Copy identify example" />
      </div>
      <InstallationCheck model={model} />
    </section>
  );
}
