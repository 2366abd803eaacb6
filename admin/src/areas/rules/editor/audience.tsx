import type { SectionProps } from './draft';

/** Who may see the rule. The condition builder is embedded here; until then the audience is edited in the JSON tab. */
export function AudienceSection({ rule, errors }: SectionProps) {
  return (
    <>
      {rule.audience === undefined ? <p class="hint">Everyone: no conditions.</p> : <pre class="code">{JSON.stringify(rule.audience, null, 2)}</pre>}
      <p class="hint">Edit the conditions in the JSON tab.</p>
      {errors.audience ? (
        <p class="error" role="alert">
          {errors.audience}
        </p>
      ) : null}
    </>
  );
}
