import { TextArea, TextField } from '../../../ui';
import { child, isRecord, listOf, text, withKey, type SectionProps } from './draft';

type Copy = Record<string, unknown>;

/** Title, body and button of one piece of copy at `path`; translations are kept as they are. */
function CopyFields({ copy, path, label, errors, onCopy }: { copy: Copy; path: string; label: string; errors: SectionProps['errors']; onCopy: (next: Copy) => void }) {
  const e = (k: string) => errors[`${path}.${k}`];
  return (
    <fieldset aria-label={label}>
      <legend>{label}</legend>
      <TextField label={`${label}: title`} value={text(copy.title)} error={e('title')} hint={`${text(copy.title).length} of 120 characters.`} onValue={(v) => onCopy(withKey(copy, 'title', v))} />
      <TextArea label={`${label}: body`} value={text(copy.body)} error={e('body')} rows={3} hint={`${text(copy.body).length} of 500 characters.`} onValue={(v) => onCopy(withKey(copy, 'body', v))} />
      <TextField label={`${label}: button`} value={text(copy.cta)} error={e('cta')} hint={`${text(copy.cta).length} of 40 characters.`} onValue={(v) => onCopy(withKey(copy, 'cta', v))} />
    </fieldset>
  );
}

/**
 * The English copy: the rule's own, or each ladder tier's. A stand-in until the full content
 * section (locales, variants, the variable picker) is embedded; other locales stay in the JSON.
 */
export function BasicContent({ rule, onChange, errors }: SectionProps) {
  const trigger = child(rule, 'trigger');
  if (trigger.type === 'usage') {
    const tiers = listOf(trigger, 'tiers');
    return (
      <>
        {tiers.map((t, i) => {
          const tier = isRecord(t) ? t : {};
          const onCopy = (copy: Copy) => onChange(withKey(rule, 'trigger', withKey(trigger, 'tiers', tiers.map((x, j) => (j === i ? withKey(tier, 'content', copy) : x)))));
          return <CopyFields key={i} copy={child(tier, 'content')} path={`trigger.tiers.${i}.content`} label={`Tier ${i + 1} copy`} errors={errors} onCopy={onCopy} />;
        })}
      </>
    );
  }
  return (
    <>
      {errors.content ? (
        <p class="error" role="alert">
          {errors.content}
        </p>
      ) : null}
      <CopyFields copy={child(rule, 'content')} path="content" label="Copy" errors={errors} onCopy={(copy) => onChange(withKey(rule, 'content', copy))} />
    </>
  );
}
