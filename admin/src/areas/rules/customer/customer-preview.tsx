import { useEffect, useState } from 'preact/hooks';
import type { RecentAccount } from '../../../../../shared/schemas/customer';
import { catalog } from '../../../model/catalog';
import { previewAccount, previewContext } from '../../../model/preview-account';
import { issueLine } from '../../../ui';
import { AccountPicker } from './account-picker';
import { DecisionView } from './decision-view';
import { fieldOfPath } from './manual-context';
import { ManualForm } from './manual-form';
import { decision, decisionError, deciding, previewAs, resetCustomerPanels } from './model';

interface Props {
  envId: string;
  /** The editor's rule as it stands, saved or not; judged in place of its draft, as if live. */
  rule?: unknown;
}

type Mode = 'account' | 'manual';

/**
 * Preview as a customer: pick a recent account or fill one in by hand, and see what they would
 * see with the unpublished changes and live today, with the engine's reason for every rule.
 */
export function CustomerPreview({ envId, rule }: Props) {
  const [mode, setMode] = useState<Mode>(previewAccount.value?.source === 'manual' ? 'manual' : 'account');
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => () => resetCustomerPanels(), [envId]);

  const pick = (a: RecentAccount) => {
    setChosen(a.accountId);
    void previewAs(envId, { accountId: a.accountId, label: `${a.accountId} (${a.plan})`, context: a.context }, rule);
  };

  // The server's paths: the form's own fields show at the field, everything else in the alert.
  const failure = decisionError.value;
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const [path, message] of Object.entries(failure?.fieldErrors ?? {})) {
    const field = mode === 'manual' ? fieldOfPath(path) : null;
    if (field) fields[field] = message;
    else elsewhere.push(path.startsWith('rule') ? `The rule in the editor: ${issueLine(path.slice(5) || 'rule', message)}` : issueLine(path, message));
  }

  return (
    <section class="card stack" aria-labelledby="customer-preview-title">
      <h2 id="customer-preview-title">Preview as a customer</h2>
      <fieldset class="row">
        <legend>Whose view</legend>
        {(['account', 'manual'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="customer-mode" checked={mode === m} onChange={() => setMode(m)} /> {m === 'account' ? 'A recent account' : 'Fill one in by hand'}
          </label>
        ))}
      </fieldset>
      {mode === 'account' ? (
        <AccountPicker envId={envId} chosen={chosen} onPick={pick} />
      ) : (
        <ManualForm start={previewContext(catalog.data.value?.catalog ?? null)} errors={fields} busy={deciding.value} onPreview={(context) => void previewAs(envId, { context, label: 'Filled in by hand' }, rule)} />
      )}
      {failure && (elsewhere.length || !Object.keys(fields).length) ? (
        <div class="notice error" role="alert">
          <p>{failure.message}</p>
          {elsewhere.length ? (
            <ul>
              {elsewhere.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div aria-live="polite" aria-busy={deciding.value}>
        {deciding.value ? <p role="status">Asking the engine…</p> : null}
        {decision.value && !deciding.value ? <DecisionView answer={decision.value} /> : null}
      </div>
    </section>
  );
}
