import type { Role } from '../../../../../shared/schemas/admin';
import { announce, Button, Loaded, Select, TextField, useUnsavedChanges } from '../../../ui';
import { roleCan } from '../../../../../shared/roles';
import type { PromptSettingsModel } from './model';
import { ThemeFields } from './ThemeFields';

const FALLBACKS = [
  { value: '', label: 'Default (last impression)' },
  { value: 'impression', label: 'Last impression in the window' },
  { value: 'none', label: 'None: clicks only' },
];

/** Prompt settings (drafts, editors and up): budget, holdout, attribution, buyer roles and theme. */
export function PromptSettingsSection({ role, model }: { role: Role; model: PromptSettingsModel }) {
  const { current, form, dirty, problems, save, errorFor, set, reset } = model;
  const editor = roleCan(role, 'edit');
  const readOnly = !editor;
  useUnsavedChanges(dirty.value);
  const f = form.value;
  const blocked = Object.keys(problems.value).length > 0;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (blocked) return;
    if ((await save.run()).ok) announce('Prompt settings saved to the draft; publish to send them to widgets');
  };

  return (
    <section class="stack" aria-labelledby="prompts-h">
      <h2 id="prompts-h">Prompt settings</h2>
      <p class="muted">Saved to the draft: widgets get them with the next publish.{readOnly ? ' Your role can read these settings; an editor can change them.' : ''}</p>
      <Loaded resource={current} what="the prompt settings">
        {() => (
          <form class="card stack" onSubmit={(e) => void submit(e)} noValidate aria-label="Prompt settings">
            {/* The server's summary names the first path, so nothing is lost when a path has no field here. */}
            {save.error.value ? <p class="notice error" role="alert">{save.error.value}</p> : null}
            <fieldset>
              <legend>Prompt budget per person</legend>
              <div class="row">
                <TextField label="Per day" inputMode="numeric" hint="Default 1" value={f.budgetDay} onValue={(v) => set('budgetDay', v)} error={errorFor('budgetDay')} readOnly={readOnly} />
                <TextField label="Per week" inputMode="numeric" hint="Default 3" value={f.budgetWeek} onValue={(v) => set('budgetWeek', v)} error={errorFor('budgetWeek')} readOnly={readOnly} />
              </div>
            </fieldset>
            <TextField label="Holdout (% of accounts that never see a prompt)" inputMode="numeric" hint="Default 0; measures overall lift" value={f.holdout} onValue={(v) => set('holdout', v)} error={errorFor('holdout')} readOnly={readOnly} />
            <fieldset>
              <legend>Attribution</legend>
              <div class="row">
                <TextField label="Window (days)" inputMode="numeric" hint="1 to 90, default 14" value={f.windowDays} onValue={(v) => set('windowDays', v)} error={errorFor('windowDays')} readOnly={readOnly} />
                <Select label="Without a click, credit" value={f.fallback} options={FALLBACKS} onValue={(v) => set('fallback', v as typeof f.fallback)} error={errorFor('fallback')} disabled={readOnly} />
              </div>
            </fieldset>
            <TextField label="Buyer roles" hint="The user.role values that may buy, separated by commas; default owner, admin, billing" value={f.buyerRoles} onValue={(v) => set('buyerRoles', v)} error={errorFor('buyerRoles')} readOnly={readOnly} />
            <ThemeFields model={model} readOnly={readOnly} />
            {editor ? (
              <div class="row">
                <Button type="submit" variant="primary" disabled={!dirty.value} busy={save.busy.value} busyLabel="Saving…">
                  Save prompt settings
                </Button>
                <Button disabled={!dirty.value || save.busy.value} onClick={reset}>
                  Discard changes
                </Button>
                {blocked ? <span class="error">Correct the fields marked above before saving.</span> : null}
              </div>
            ) : null}
          </form>
        )}
      </Loaded>
    </section>
  );
}
