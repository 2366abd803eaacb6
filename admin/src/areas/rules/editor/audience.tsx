import type { Condition } from '../../../../../shared/schemas/condition';
import { attributesFor, ConditionEditor } from '../../common/conditions';
import { withKey, type SectionProps } from './draft';
import { relativeErrors } from './placement';

/** Who may see the rule: the condition builder over `audience` (absent: everyone). */
export function AudienceSection({ rule, onChange, errors, catalog }: SectionProps) {
  return (
    <>
      <p class="hint">{rule.audience === undefined ? 'Everyone who triggers the rule, until you add a condition.' : 'Only accounts and people that match these conditions.'}</p>
      <ConditionEditor
        label="Audience"
        value={rule.audience as Condition | undefined}
        onChange={(next) => onChange(withKey(rule, 'audience', next))}
        attributes={attributesFor(catalog)}
        errors={relativeErrors(errors, 'audience')}
      />
    </>
  );
}
