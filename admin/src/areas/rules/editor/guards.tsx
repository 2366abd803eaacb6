import { ACCOUNT_AGE_DAYS, MIN_HEALTH } from '../../../../../shared/engine/guards';
import { Select, TextField } from '../../../ui';
import { child, text, withKey, type Draft, type SectionProps } from './draft';
import { NumberField } from './fields';

type GuardKey = 'accountAgeDays' | 'minHealth' | 'openTickets' | 'contraction' | 'owned';

interface Guard {
  key: GuardKey;
  label: string;
  explain: string;
  kind: 'number' | 'flag';
  /** The default, in words. */
  standard: string;
}

const GUARDS: readonly Guard[] = [
  { key: 'accountAgeDays', label: 'Minimum account age (days)', kind: 'number', standard: `${ACCOUNT_AGE_DAYS} days`, explain: `No prompt before an account is ${ACCOUNT_AGE_DAYS} days old, unless the person asked (clicked a locked feature): new customers are still settling in.` },
  { key: 'minHealth', label: 'Minimum health score', kind: 'number', standard: String(MIN_HEALTH), explain: `No prompt while the account's health score is below ${MIN_HEALTH}: never pitch a dissatisfied customer.` },
  { key: 'openTickets', label: 'Hold back while support tickets are open', kind: 'flag', standard: 'on', explain: 'No prompt while the account has open support tickets: fix their problem first.' },
  { key: 'contraction', label: 'Hold back while usage shrinks', kind: 'flag', standard: 'on', explain: 'No prompt while a metric fell in each of the last two billing periods: those accounts need help, not a pitch.' },
  { key: 'owned', label: 'Skip offers they already own', kind: 'flag', standard: 'on', explain: 'No offer of a plan, add-on or feature the account already has or is trialling.' },
];

const FLAG_OPTIONS = [
  { value: '', label: 'Default (on)' },
  { value: 'true', label: 'On' },
  { value: 'false', label: 'Off for this rule' },
];

/** `guards` with `key` set (and its reason kept) or cleared (and its reason with it); an empty object goes. */
function setGuard(rule: Draft, key: GuardKey, value: unknown): Draft {
  let guards = withKey(child(rule, 'guards'), key, value);
  if (value === undefined) {
    const reasons = withKey(child(guards, 'reasons'), key, undefined);
    guards = withKey(guards, 'reasons', Object.keys(reasons).length ? reasons : undefined);
  }
  return withKey(rule, 'guards', Object.keys(guards).length ? guards : undefined);
}

function setReason(rule: Draft, key: GuardKey, reason: string): Draft {
  const guards = child(rule, 'guards');
  const reasons = withKey(child(guards, 'reasons'), key, reason === '' ? undefined : reason);
  return withKey(rule, 'guards', withKey(guards, 'reasons', Object.keys(reasons).length ? reasons : undefined));
}

/** The playbook's guards, each with its default and why it exists; overriding one asks for a reason. */
export function GuardsSection({ rule, onChange, errors }: SectionProps) {
  const guards = child(rule, 'guards');
  const reasons = child(guards, 'reasons');
  return (
    <ul class="guards">
      {GUARDS.map((g) => {
        const value = guards[g.key];
        const hint = `${g.explain} Default: ${g.standard}.`;
        return (
          <li key={g.key}>
            {g.kind === 'number' ? (
              <NumberField label={g.label} value={value} error={errors[`guards.${g.key}`]} placeholder={`Default (${g.standard})`} hint={hint} onValue={(v) => onChange(setGuard(rule, g.key, v))} />
            ) : (
              <Select
                label={g.label}
                value={typeof value === 'boolean' ? String(value) : ''}
                error={errors[`guards.${g.key}`]}
                options={FLAG_OPTIONS}
                hint={hint}
                onValue={(v) => onChange(setGuard(rule, g.key, v === '' ? undefined : v === 'true'))}
              />
            )}
            {value !== undefined || reasons[g.key] !== undefined ? (
              <TextField label={`Why this rule overrides "${g.label}"`} value={text(reasons[g.key])} error={errors[`guards.reasons.${g.key}`]} hint="Required: your team reads it before publishing." onValue={(v) => onChange(setReason(rule, g.key, v))} />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
