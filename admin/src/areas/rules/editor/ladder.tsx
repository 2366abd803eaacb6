import { Button, Select, TextField } from '../../../ui';
import { child, isRecord, listOf, text, withKey, type SectionProps } from './draft';
import { NumberField } from './fields';

const TONES = [
  { value: 'inform', label: 'Inform: you are growing, here is what is coming' },
  { value: 'recommend', label: 'Recommend: the next tier suits you' },
  { value: 'urgent', label: 'Urgent: upgrade now to avoid disruption' },
];
const blankCopy = { title: '', body: '', cta: '' };

type Tier = Record<string, unknown>;
const kindOf = (tier: Tier): 'percent' | 'value' => ('value' in child(tier, 'at') ? 'value' : 'percent');

/** A tier id not yet used in `tiers`: `tier4`, `tier5`… */
function freshId(tiers: readonly Tier[]): string {
  const ids = new Set(tiers.map((t) => t.id));
  let n = tiers.length + 1;
  while (ids.has(`tier${n}`)) n++;
  return `tier${n}`;
}

/** The ladder's tiers: add, remove, reorder; threshold as a percent of the limit or a value; tone. Copy per tier is the content section's. */
export function TierEditor({ rule, onChange, errors }: SectionProps) {
  const trigger = child(rule, 'trigger');
  const tiers = listOf(trigger, 'tiers').map((t) => (isRecord(t) ? t : {}));
  const kind = tiers[0] ? kindOf(tiers[0]) : 'percent';
  const setTiers = (next: Tier[]) => onChange(withKey(rule, 'trigger', withKey(trigger, 'tiers', next)));
  const setTier = (i: number, tier: Tier) => setTiers(tiers.map((t, j) => (j === i ? tier : t)));
  const move = (i: number, by: number) => {
    const next = [...tiers];
    const [tier] = next.splice(i, 1);
    if (tier) next.splice(i + by, 0, tier);
    setTiers(next);
  };
  const setKind = (k: string) => setTiers(tiers.map((t) => withKey(t, 'at', { [k]: child(t, 'at')[kindOf(t)] })));
  const add = () => {
    const last = tiers[tiers.length - 1];
    const n = last ? child(last, 'at')[kind] : undefined;
    const at = typeof n === 'number' ? (kind === 'percent' ? Math.min(100, n + 5) : n + 1) : kind === 'percent' ? 80 : 1;
    setTiers([...tiers, { id: freshId(tiers), at: { [kind]: at }, tone: 'urgent', content: blankCopy }]);
  };

  return (
    <div class="tiers">
      <Select
        label="Thresholds are"
        value={kind}
        options={[
          { value: 'percent', label: 'Percent of the plan limit' },
          { value: 'value', label: 'Values of the metric' },
        ]}
        onValue={setKind}
      />
      {errors['trigger.tiers'] ? (
        <p class="error" role="alert">
          {errors['trigger.tiers']}
        </p>
      ) : null}
      <ol class="tier-list">
        {tiers.map((tier, i) => {
          const p = `trigger.tiers.${i}`;
          const n = `Tier ${i + 1}`;
          return (
            <li key={i} class="tier">
              <fieldset aria-label={n}>
                <legend>{n}</legend>
                <TextField label={`${n} id`} value={text(tier.id)} error={errors[`${p}.id`]} onValue={(v) => setTier(i, withKey(tier, 'id', v))} />
                <NumberField
                  label={kind === 'percent' ? `${n} threshold (% of the limit)` : `${n} threshold (value)`}
                  value={child(tier, 'at')[kind]}
                  error={errors[`${p}.at`]}
                  onValue={(v) => setTier(i, withKey(tier, 'at', v === undefined ? {} : { [kind]: v }))}
                />
                <Select label={`${n} tone`} value={text(tier.tone)} error={errors[`${p}.tone`]} options={TONES} onValue={(v) => setTier(i, withKey(tier, 'tone', v))} />
                <div class="row edit-only">
                  <Button small disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move tier ${i + 1} up`}>
                    Up
                  </Button>
                  <Button small disabled={i === tiers.length - 1} onClick={() => move(i, 1)} aria-label={`Move tier ${i + 1} down`}>
                    Down
                  </Button>
                  <Button small variant="danger" disabled={tiers.length === 1} onClick={() => setTiers(tiers.filter((_, j) => j !== i))} aria-label={`Remove tier ${i + 1}`}>
                    Remove
                  </Button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {tiers.length < 10 ? (
        <p class="edit-only">
          <Button onClick={add}>Add a tier</Button>
        </p>
      ) : null}
    </div>
  );
}
