import { useState } from 'preact/hooks';
import { Button, TextField } from '../../ui';
import { addDays, dayOf, rangeProblem } from './url-state';

interface Props {
  from: string;
  to: string;
  now: number;
  onApply: (range: { from: string; to: string }) => void;
}

const PRESETS = [7, 30, 90, 365] as const;
const presetLabel = (days: number) => (days === 365 ? 'Last 12 months' : `Last ${days} days`);

/**
 * The range every view covers, in UTC days: a preset applies at once; typed dates apply with the
 * button (or Enter), so half-typed dates never load. A range the server would refuse is explained here.
 * The page keys it by the applied range, so a new range (a preset, Back) starts a fresh draft.
 */
export function RangeForm({ from, to, now, onApply }: Props) {
  const [draft, setDraft] = useState({ from, to });
  const [problem, setProblem] = useState<string | null>(null);
  const today = dayOf(now);
  return (
    <form
      class="card range-form"
      aria-label="Date range"
      onSubmit={(e) => {
        e.preventDefault();
        const why = rangeProblem(draft.from, draft.to);
        setProblem(why);
        if (!why) onApply(draft);
      }}
    >
      <div class="row">
        <div class="row" role="group" aria-label="Preset ranges">
          {PRESETS.map((days) => {
            const range = { from: addDays(today, -(days - 1)), to: today };
            return (
              <Button key={days} small aria-pressed={from === range.from && to === range.to} onClick={() => onApply(range)}>
                {presetLabel(days)}
              </Button>
            );
          })}
        </div>
        <TextField label="From (UTC)" type="date" value={draft.from} onValue={(v) => setDraft((d) => ({ ...d, from: v }))} error={problem ?? undefined} />
        <TextField label="To (UTC)" type="date" value={draft.to} onValue={(v) => setDraft((d) => ({ ...d, to: v }))} />
        <Button type="submit" variant="primary">
          Apply range
        </Button>
      </div>
    </form>
  );
}
