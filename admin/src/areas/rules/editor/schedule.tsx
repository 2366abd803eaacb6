import { TextField } from '../../../ui';
import { child, withChildKey, type SectionProps } from './draft';

const pad = (n: number) => String(n).padStart(2, '0');

/** A stored instant as the `datetime-local` text of this browser's zone; '' when there is none. */
export function toLocalInput(stored: unknown): string {
  if (typeof stored !== 'string') return '';
  const d = new Date(stored);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` text (read in this browser's zone) as the UTC instant stored, or undefined when empty or unreadable. */
export function fromLocalInput(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace('.000Z', 'Z');
}

const zone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'your browser\u2019s time zone';

/** Start and end as local date-times, with the zone they are read in and the UTC instant that is stored. */
export function ScheduleSection({ rule, onChange, errors }: SectionProps) {
  const schedule = child(rule, 'schedule');
  const field = (k: 'start' | 'end', label: string, empty: string) => {
    const stored = schedule[k];
    const hint = typeof stored === 'string' ? `Stored as ${stored} (UTC).` : empty;
    return (
      <TextField
        label={`${label} (${zone()})`}
        type="datetime-local"
        value={toLocalInput(stored)}
        error={errors[`schedule.${k}`]}
        hint={hint}
        onValue={(v) => onChange(withChildKey(rule, 'schedule', k, fromLocalInput(v), true))}
      />
    );
  };
  return (
    <>
      <p class="hint">Times are in your browser's time zone, {zone()}; the server stores the UTC instant.</p>
      {field('start', 'Starts', 'Empty: from when it is published.')}
      {field('end', 'Ends', 'Empty: no end.')}
    </>
  );
}
