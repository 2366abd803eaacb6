import type { Prompt } from '../../../../../shared/engine/types';
import type { PreviewDecision, PreviewResponse } from '../../../../../shared/schemas/customer';

/** One prompt in a sentence: `rule "x", tier p85, variant a, as a banner: “Title”`. */
export function describePrompt(p: Prompt): string {
  return `rule "${p.ruleId}"${p.tier ? `, tier ${p.tier}` : ''}${p.variant ? `, variant ${p.variant}` : ''}, as a ${p.surface}: “${p.content.title}”`;
}

/** What one version shows: the interruptive prompt and any inline or panel prompts, or nothing. */
export function describeDecision(d: PreviewDecision | null): string {
  if (!d) return 'nothing is published yet';
  const all = [d.prompt, ...d.placed].filter((p): p is Prompt => p !== null);
  return all.length ? all.map(describePrompt).join('; ') : 'no prompt shows';
}

const dash = <span class="muted">—</span>;

/** The shown prompt's copy as the person would read it (text, never HTML). */
function Copy({ prompt }: { prompt: Prompt }) {
  return (
    <dl class="stack">
      <dt>Title</dt>
      <dd>{prompt.content.title}</dd>
      <dt>Body</dt>
      <dd>{prompt.content.body}</dd>
      <dt>Button</dt>
      <dd>{prompt.content.cta}</dd>
    </dl>
  );
}

/** "With your unpublished changes: X. Live today: Y.", the copy that would show, and every rule's reason in both. */
export function DecisionView({ answer }: { answer: PreviewResponse }) {
  const { drafts, live } = answer;
  const ids = [...new Set([...drafts.reasons.map((r) => r.ruleId), ...(live?.reasons ?? []).map((r) => r.ruleId)])];
  const draftWhy = new Map(drafts.reasons.map((r) => [r.ruleId, r.message]));
  const liveWhy = new Map((live?.reasons ?? []).map((r) => [r.ruleId, r.message]));
  const shown = drafts.prompt ?? drafts.placed[0] ?? null;
  return (
    <div class="stack">
      <p>
        <strong>With your unpublished changes:</strong> {describeDecision(drafts)}.
      </p>
      <p>
        <strong>Live today:</strong> {describeDecision(live)}.
      </p>
      {shown ? (
        <section aria-label="The copy it would show">
          <Copy prompt={shown} />
        </section>
      ) : null}
      <div class="table-wrap">
        <table class="table">
          <caption>Why each rule shows or not</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">With your changes</th>
              <th scope="col">Live today</th>
            </tr>
          </thead>
          <tbody>
            {ids.map((id) => (
              <tr key={id}>
                <th scope="row">
                  <code>{id}</code>
                </th>
                <td>{draftWhy.get(id) ?? dash}</td>
                <td>{liveWhy.get(id) ?? dash}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
