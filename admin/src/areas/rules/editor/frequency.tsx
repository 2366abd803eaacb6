import { COOLDOWN_DAYS, SNOOZE_DAYS } from '../../../../../shared/engine/guards';
import { Select } from '../../../ui';
import { child, text, withChildKey, withKey, type SectionProps } from './draft';
import { NumberField } from './fields';

const PER = [
  { value: 'day', label: 'per day' },
  { value: 'week', label: 'per week' },
  { value: 'period', label: 'per billing period' },
];

/** How often one person may see the rule: an impression cap, the cooldown after a dismissal, the snooze. */
export function FrequencySection({ rule, onChange, errors }: SectionProps) {
  const frequency = child(rule, 'frequency');
  const cap = frequency.cap === undefined ? null : child(frequency, 'cap');
  const set = (k: string, v: unknown) => onChange(withChildKey(rule, 'frequency', k, v, true));
  const setCap = (k: string, v: unknown) => set('cap', withKey(cap ?? {}, k, v));
  return (
    <>
      <Select
        label="Impression cap"
        value={cap ? 'on' : ''}
        options={[
          { value: '', label: 'No cap (the budget in Settings still applies)' },
          { value: 'on', label: 'At most a number of times' },
        ]}
        onValue={(v) => set('cap', v ? { count: 1, per: 'week' } : undefined)}
      />
      {cap ? (
        <div class="row">
          <NumberField label="Times" value={cap.count} error={errors['frequency.cap.count']} onValue={(v) => setCap('count', v)} />
          <Select label="Per" value={text(cap.per)} error={errors['frequency.cap.per']} options={PER} onValue={(v) => setCap('per', v)} />
        </div>
      ) : null}
      <NumberField label="Cooldown after a dismissal (days)" value={frequency.cooldownDays} error={errors['frequency.cooldownDays']} placeholder={`Default (${COOLDOWN_DAYS})`} hint={`Default ${COOLDOWN_DAYS} days: how long the rule stays hidden from someone who closed it.`} onValue={(v) => set('cooldownDays', v)} />
      <NumberField label={'"Remind me later" hides it for (days)'} value={frequency.snoozeDays} error={errors['frequency.snoozeDays']} placeholder={`Default (${SNOOZE_DAYS})`} hint={`Default ${SNOOZE_DAYS} day.`} onValue={(v) => set('snoozeDays', v)} />
    </>
  );
}
