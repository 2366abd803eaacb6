import { useEffect, useState } from 'preact/hooks';
import type { Rule } from '../../../../shared/schemas/rule';
import { allowed } from '../../model/roles';
import { addExampleRules, loadRules, loadVersions, NEW_RULE_TEMPLATE, rules } from '../../model/rules';
import { ApiFailure } from '../../api';
import { Button, Empty, issueLine, Loaded, PageHeading } from '../../ui';
import type { AreaProps } from '../types';
import { PublishPanel } from './publish';
import { RuleEditor } from './editor';
import { RulesTable } from './rules-table';
import { DraftsTransfer } from './transfer';

type Editing = { id: string | null; value: unknown } | null;

/** `/admin/env/:envId/rules`: the draft rules, the rule editor (a form and its JSON), publishing and versions. */
export default function Rules({ env }: AreaProps) {
  const [editing, setEditing] = useState<Editing>(null);
  const [example, setExample] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const envId = env?.id ?? null;
  useEffect(() => {
    if (envId) void Promise.all([loadRules(envId), loadVersions(envId)]);
  }, [envId]);
  if (!env) {
    return (
      <>
        <PageHeading title="Rules" />
        <Empty>
          There is no environment yet. <a href="/admin/environments">Create one</a> to write rules.
        </Empty>
      </>
    );
  }
  const canEdit = allowed('edit');
  const ids = (rules.data.value?.rules ?? []).map((r) => String(r.id));
  const open = (r: Partial<Rule>) => setEditing({ id: typeof r.id === 'string' ? r.id : null, value: r });
  const addExamples = async () => {
    setExample({ busy: true, error: null });
    try {
      await addExampleRules(env.id);
      setExample({ busy: false, error: null });
    } catch (e) {
      // Most likely the catalog lacks what the examples name: say where to start.
      const hint = e instanceof ApiFailure && e.status === 400 ? ' Start the catalog from the example catalog first (Catalog page).' : '';
      setExample({ busy: false, error: `${e instanceof Error ? e.message : String(e)}${hint}` });
    }
  };

  return (
    <>
      <PageHeading
        title="Rules"
        actions={
          canEdit && !editing ? (
            <Button variant="primary" onClick={() => setEditing({ id: null, value: NEW_RULE_TEMPLATE })}>
              New rule
            </Button>
          ) : null
        }
      />
      {editing ? (
        <RuleEditor key={`${env.id}:${editing.id ?? 'new'}`} envId={env.id} id={editing.id} initial={editing.value} taken={ids} readOnly={!canEdit} onClose={() => setEditing(null)} />
      ) : null}
      <Loaded resource={rules} what="rules">
        {(list) => (
          <>
            {list.invalid?.length ? (
              <div class="notice warn" role="status">
                <p>
                  <strong>Some drafts no longer validate</strong> and will not publish until fixed:
                </p>
                <ul>
                  {list.invalid.map((d, i) => (
                    <li key={i}>
                      <code>{d.id ?? '(no id)'}</code>: {d.issues.map((x) => issueLine(x.path, x.message)).join('; ')}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {list.rules.length ? (
              <RulesTable rules={list.rules} canEdit={canEdit} onOpen={open} />
            ) : (
              <Empty>
                No draft rules yet.{canEdit ? ' Press "New rule" to write the first, or start from the examples: a usage ladder at 70, 85 and 95 % and a locked-feature panel with a 14-day trial.' : ''}
                {canEdit ? (
                  <p>
                    <Button onClick={addExamples} disabled={example.busy}>
                      {example.busy ? 'Adding the example rules…' : 'Add the example rules'}
                    </Button>
                  </p>
                ) : null}
                {example.error ? (
                  <p class="error" role="alert">
                    {example.error}
                  </p>
                ) : null}
              </Empty>
            )}
          </>
        )}
      </Loaded>
      <PublishPanel envId={env.id} envName={env.name} canPublish={allowed('publish')} />
      <DraftsTransfer envId={env.id} envName={env.name} canEdit={canEdit} />
    </>
  );
}
