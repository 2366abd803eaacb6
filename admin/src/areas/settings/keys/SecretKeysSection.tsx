import { useState } from 'preact/hooks';
import type { Role, SecretKeyView } from '../../../../../shared/schemas/admin';
import { Button, ConfirmDialog, Empty, formatTime, Loaded, TextField, useUnsavedChanges } from '../../../ui';
import { roleCan } from '../../../../../shared/roles';
import { SecretOnce } from '../../common/SecretOnce';
import type { SecretKeysModel } from './model';

/** Secret keys: several, named, listed by prefix; made (shown once) and revoked by owners. */
export function SecretKeysSection({ role, model }: { role: Role; model: SecretKeysModel }) {
  const { list, name, created, create, revoke } = model;
  const [revoking, setRevoking] = useState<SecretKeyView | null>(null);
  const owner = roleCan(role, 'manage');
  useUnsavedChanges(name.value.trim() !== '' || created.value !== null);

  const submit = (e: Event) => {
    e.preventDefault();
    void create.run();
  };
  const confirmRevoke = async () => {
    if (revoking && (await revoke.run(revoking.id)).ok) setRevoking(null);
  };

  return (
    <section class="stack" aria-labelledby="keys-h">
      <h2 id="keys-h">Secret keys</h2>
      <p class="muted">For your servers and scripts only (rules as code, conversions, the CLI): a secret key can change everything in this environment. Never put one in a page.</p>
      {created.value ? (
        <SecretOnce title={`Secret key “${created.value.name}”`} secret={created.value.secretKey} use="Store it in your secret manager." onDone={() => (created.value = null)} />
      ) : null}
      <Loaded resource={list} what="secret keys">
        {({ keys }) =>
          keys.length === 0 ? (
            <Empty>No secret keys. {owner ? 'Create one below for your backend.' : 'An owner can create one.'}</Empty>
          ) : (
            <div class="table-wrap">
              <table class="table">
                <caption>Secret keys</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Key</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    {owner ? <th scope="col"><span class="visually-hidden">Actions</span></th> : null}
                  </tr>
                </thead>
                <tbody>
                  {keys.map((k) => (
                    <tr key={k.id}>
                      <th scope="row">{k.name}</th>
                      <td><code>{k.prefix}</code></td>
                      <td>{formatTime(k.createdAt)}</td>
                      <td>{formatTime(k.lastUsedAt)}</td>
                      {owner ? (
                        <td>
                          <Button small variant="danger" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>
                            Revoke
                          </Button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {owner ? (
        <form class="card stack" onSubmit={submit} noValidate aria-labelledby="key-new-h">
          <h3 id="key-new-h">New secret key</h3>
          {create.error.value && !create.fieldErrors.value['name'] ? <p class="notice error" role="alert">{create.error.value}</p> : null}
          <div class="row">
            <TextField label="Key name" hint="What uses it, e.g. “CI” or “Billing backend”" value={name.value} onValue={(v) => (name.value = v)} error={create.fieldErrors.value['name']} autoComplete="off" />
            <Button type="submit" variant="primary" busy={create.busy.value} busyLabel="Creating…">
              Create secret key
            </Button>
          </div>
        </form>
      ) : null}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke the secret key “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        danger
        busy={revoke.busy.value}
        error={revoke.error.value}
        onConfirm={() => void confirmRevoke()}
        onCancel={() => {
          revoke.clear();
          setRevoking(null);
        }}
      >
        <p>Every server and script using <code>{revoking?.prefix}</code> is refused from now on. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
