import { Button, TextField } from '../../../ui';
import { isRecord, listOf, text, withKey, type SectionProps } from './draft';
import { NumberField } from './fields';

/** Each variant's share of the accounts that are not held back, in whole percent. */
export function shares(weights: readonly unknown[]): string[] {
  const nums = weights.map((w) => (typeof w === 'number' && w > 0 ? w : 0));
  const total = nums.reduce((a, b) => a + b, 0);
  return nums.map((w) => (total ? `${Math.round((w / total) * 1000) / 10} %` : '—'));
}

/** Variants with ids and weights (their shares shown), and the holdout that measures lift. */
export function ExperimentSection({ rule, onChange, errors }: SectionProps) {
  const variants = listOf(rule, 'variants').map((v) => (isRecord(v) ? v : {}));
  const share = shares(variants.map((v) => v.weight));
  const setVariants = (next: Record<string, unknown>[]) => onChange(withKey(rule, 'variants', next.length ? next : undefined));
  const setVariant = (i: number, k: string, v: unknown) => setVariants(variants.map((x, j) => (j === i ? withKey(x, k, v) : x)));
  const add = () => {
    const ids = new Set(variants.map((v) => v.id));
    let n = variants.length;
    let id = String.fromCharCode(97 + n);
    while (ids.has(id)) id = `v${++n}`;
    setVariants([...variants, { id, weight: 1 }]);
  };
  return (
    <>
      {errors.variants ? (
        <p class="error" role="alert">
          {errors.variants}
        </p>
      ) : null}
      {variants.length ? (
        <ol class="variants">
          {variants.map((v, i) => (
            <li key={i}>
              <fieldset aria-label={`Variant ${i + 1}`}>
                <legend>
                  Variant {i + 1}: {share[i]} of those shown
                </legend>
                <div class="row">
                  <TextField label={`Variant ${i + 1} id`} value={text(v.id)} error={errors[`variants.${i}.id`]} onValue={(x) => setVariant(i, 'id', x)} />
                  <NumberField label={`Variant ${i + 1} weight`} value={v.weight} error={errors[`variants.${i}.weight`]} onValue={(x) => setVariant(i, 'weight', x)} />
                  <Button small variant="danger" onClick={() => setVariants(variants.filter((_, j) => j !== i))} aria-label={`Remove variant ${i + 1}`}>
                    Remove
                  </Button>
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
      ) : (
        <p class="hint">No experiment: everyone who qualifies sees the rule's own copy.</p>
      )}
      <p class="edit-only">
        <Button onClick={add}>Add a variant</Button>
      </p>
      <TextField label="Bucketing seed" value={text(rule.seed)} error={errors.seed} placeholder={`Default (${text(rule.id) || 'the rule id'})`} hint="Keep it and each account keeps its variant across edits; change it to reshuffle." onValue={(v) => onChange(withKey(rule, 'seed', v || undefined))} />
      <NumberField label="Holdout (%)" value={rule.holdout} error={errors.holdout} placeholder="0" hint="Accounts that qualify but are held back, to measure lift against. Default 0." onValue={(v) => onChange(withKey(rule, 'holdout', v))} />
    </>
  );
}
