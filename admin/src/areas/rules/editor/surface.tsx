import { Select, TextField } from '../../../ui';
import { child, text, withKeys, type SectionProps } from './draft';

const SURFACES = [
  { value: 'banner', label: 'Banner: a strip along the top or bottom of the page' },
  { value: 'toast', label: 'Toast: a small card in a corner' },
  { value: 'modal', label: 'Modal: a dialog over the page' },
  { value: 'inline', label: 'Inline: inside a slot of your page (data-upshift-slot)' },
  { value: 'panel', label: 'Panel: explains a locked feature when it is clicked' },
];
const TONES = [
  { value: '', label: 'Default (recommend)' },
  { value: 'inform', label: 'Inform' },
  { value: 'recommend', label: 'Recommend' },
  { value: 'urgent', label: 'Urgent' },
];

/** Surface, and what it needs: a banner's position, an inline slot's name; the tone of a rule without tiers. */
export function SurfaceSection({ rule, onChange, errors }: SectionProps) {
  const surface = text(rule.surface);
  const ladder = child(rule, 'trigger').type === 'usage';
  const setSurface = (v: string) =>
    // What only another surface has goes with it: the schema refuses a position off a banner.
    onChange(withKeys(rule, { surface: v, ...(v !== 'banner' ? { position: undefined } : {}), ...(v !== 'inline' ? { slot: undefined } : {}) }));
  return (
    <>
      <Select label="Surface" value={surface} error={errors.surface} options={SURFACES.some((s) => s.value === surface) ? SURFACES : [{ value: surface, label: 'Choose…' }, ...SURFACES]} onValue={setSurface} />
      {surface === 'banner' ? (
        <Select
          label="Banner position"
          value={text(rule.position)}
          error={errors.position}
          options={[
            { value: '', label: 'Default (bottom)' },
            { value: 'top', label: 'Top' },
            { value: 'bottom', label: 'Bottom' },
          ]}
          onValue={(v) => onChange(withKeys(rule, { position: v || undefined }))}
        />
      ) : null}
      {surface === 'inline' ? (
        <TextField
          label="Slot name"
          value={text(rule.slot)}
          error={errors.slot}
          hint={'The name in your page\u2019s data-upshift-slot="…" attribute.'}
          onValue={(v) => onChange(withKeys(rule, { slot: v || undefined }))}
        />
      ) : null}
      {!ladder ? <Select label="Tone" value={text(rule.tone)} error={errors.tone} options={TONES} hint="How the prompt speaks. Ladder tiers set their own." onValue={(v) => onChange(withKeys(rule, { tone: v || undefined }))} /> : null}
    </>
  );
}
