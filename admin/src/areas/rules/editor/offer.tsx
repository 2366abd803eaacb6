import type { Catalog } from '../../../../../shared/schemas/catalog';
import { Select, TextField } from '../../../ui';
import { catalogOptions, child, text, withKey, type SectionProps } from './draft';
import { NumberField } from './fields';

const TYPES = [
  { value: 'upgrade', label: 'A plan' },
  { value: 'addon', label: 'An add-on' },
  { value: 'seats', label: 'A seat pack' },
  { value: 'trial', label: 'A trial of a feature' },
  { value: 'contact_sales', label: 'Contact sales' },
];

/** The playbook's most effective upsell: a 14-day trial, unless the catalog sets the feature's own length. */
const TRIAL_DAYS = 14;
const trialDaysOf = (catalog: Catalog | null, feature: unknown): number => catalog?.features.find((f) => f.id === feature)?.trialDays ?? TRIAL_DAYS;

/** What the new offer of `type` starts from, keeping the add-on between an add-on and a seat pack. */
function offerOf(type: string, old: Record<string, unknown>, catalog: Catalog | null): Record<string, unknown> {
  if (type === 'upgrade') return { type, plan: 'next' };
  if (type === 'addon' || type === 'seats') return { type, addon: text(old.addon) };
  if (type === 'trial') return { type, feature: text(old.feature), days: trialDaysOf(catalog, old.feature) };
  return { type };
}

/** The offer: a plan (or the catalog's next step), an add-on, a seat pack, a feature trial, or contact sales. */
export function OfferSection({ rule, onChange, errors, catalog }: SectionProps) {
  const offer = child(rule, 'offer');
  const type = text(offer.type);
  const set = (k: string) => (v: unknown) => onChange(withKey(rule, 'offer', withKey(offer, k, v)));
  // A trial's length follows the feature's catalog default until someone types their own.
  const setFeature = (v: unknown) =>
    onChange(withKey(rule, 'offer', offer.days === trialDaysOf(catalog, offer.feature) ? { ...offer, feature: v, days: trialDaysOf(catalog, v) } : withKey(offer, 'feature', v)));
  const pick = (label: string, k: string, items: readonly { id: string; name: string }[] | undefined, extra: { value: string; label: string }[] = []) => {
    const onValue = k === 'feature' ? setFeature : set(k);
    return catalog ? (
      <Select label={label} value={text(offer[k])} error={errors[`offer.${k}`]} options={[...extra, ...catalogOptions(items, offer[k]).filter((o) => !extra.some((x) => x.value === o.value))]} onValue={onValue} />
    ) : (
      <TextField label={label} value={text(offer[k])} error={errors[`offer.${k}`]} hint="Its id; the catalog has none yet." onValue={onValue} />
    );
  };
  return (
    <>
      <Select label="Offer type" value={type} error={errors['offer.type']} options={TYPES.some((t) => t.value === type) ? TYPES : [{ value: type, label: 'Choose…' }, ...TYPES]} onValue={(v) => onChange(withKey(rule, 'offer', offerOf(v, offer, catalog)))} />
      {type === 'upgrade' ? pick('Plan', 'plan', catalog?.plans, [{ value: 'next', label: 'The next step for their plan and segment (from the catalog)' }]) : null}
      {type === 'addon' || type === 'seats' ? pick(type === 'seats' ? 'Seat pack' : 'Add-on', 'addon', catalog?.addons) : null}
      {type === 'trial' ? (
        <>
          {pick('Feature to try', 'feature', catalog?.features)}
          <NumberField label="Trial length (days)" value={offer.days} error={errors['offer.days']} hint={`1 to 90. ${offer.feature ? `The catalog's length for this feature is ${trialDaysOf(catalog, offer.feature)} days; a` : 'A'} 14-day trial is the playbook's most effective upsell.`} onValue={set('days')} />
        </>
      ) : null}
      {type === 'contact_sales' ? <p class="hint">The prompt leads to the catalog's sales URL.</p> : null}
    </>
  );
}
