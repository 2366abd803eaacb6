import { useMemo, useState } from 'preact/hooks';
import type { EnvironmentView } from '../../../../shared/schemas/admin';
import { environments } from '../../model/environments';
import { role } from '../../model/session';
import { envHref } from '../../router';
import { Button, Empty, formatTime, Loaded, PageHeading, useUnsavedChanges } from '../../ui';
import { roleCan } from '../../../../shared/roles';
import '../common/areas.css';
import type { AreaProps } from '../types';
import { CreateEnvironment } from './CreateEnvironment';
import { DeleteDialog, RenameDialog } from './EnvironmentDialogs';
import { createEnvironmentsModel } from './model';
import { NewKeys } from './NewKeys';

type Dialog = { kind: 'rename' | 'delete'; env: EnvironmentView } | null;

/** How a publishable key is listed: enough to tell keys apart at a glance. */
const keyPrefix = (key: string) => `${key.slice(0, 11)}…`;

/** `/admin/environments`: every environment, and (for owners) creating, renaming and deleting them. */
export default function Environments(_: AreaProps) {
  const model = useMemo(createEnvironmentsModel, []);
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const owner = role.value !== null && roleCan(role.value, 'manage');
  useUnsavedChanges((creating && model.dirty.value) || model.created.value !== null);
  const created = model.created.value;

  return (
    <>
      <PageHeading
        title="Environments"
        actions={owner && !creating && !created ? <Button variant="primary" onClick={() => setCreating(true)}>New environment</Button> : null}
      />
      <p class="muted">Each environment has its own keys, rules, catalog and settings: one for production, one for staging, and so on.</p>
      {created ? (
        <NewKeys created={created} onDone={() => { model.created.value = null; setCreating(false); }} />
      ) : creating ? (
        <CreateEnvironment model={model} onCancel={() => { model.create.clear(); setCreating(false); }} />
      ) : null}
      <Loaded resource={environments} what="environments">
        {(list) =>
          list.length === 0 ? (
            <Empty>No environments yet. {owner ? 'Create the first one with New environment.' : 'An owner can create one.'}</Empty>
          ) : (
            <div class="table-wrap">
              <table class="table">
                <caption>Environments</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Created</th>
                    <th scope="col">Publishable key</th>
                    {owner ? <th scope="col"><span class="visually-hidden">Actions</span></th> : null}
                  </tr>
                </thead>
                <tbody>
                  {list.map((env) => (
                    <tr key={env.id}>
                      <th scope="row">
                        <a href={envHref(env.id, 'settings')}>{env.name}</a>
                      </th>
                      <td>{formatTime(env.createdAt)}</td>
                      <td><code>{keyPrefix(env.publishableKey)}</code></td>
                      {owner ? (
                        <td>
                          <div class="row">
                            <Button small onClick={() => setDialog({ kind: 'rename', env })} aria-label={`Rename ${env.name}`}>Rename</Button>
                            <Button small variant="danger" onClick={() => setDialog({ kind: 'delete', env })} aria-label={`Delete ${env.name}`}>Delete</Button>
                          </div>
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
      {dialog?.kind === 'rename' ? <RenameDialog env={dialog.env} model={model} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'delete' ? <DeleteDialog env={dialog.env} model={model} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
