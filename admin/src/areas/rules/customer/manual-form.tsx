import { useState } from 'preact/hooks';
import type { Context } from '../../../../../shared/schemas/context';
import { Button, TextArea, TextField } from '../../../ui';
import { contextOf, fieldsOf, type ManualFields, type MetricRow } from './manual-context';

interface Props {
  /** The context the form starts from. */
  start: Context;
  /** Messages by form field (`plan`, `usage:api_calls`), from the server's paths. */
  errors: Readonly<Record<string, string>>;
  busy: boolean;
  onPreview: (context: Context) => void;
}

/** "Fill one in by hand": plan, usage and limits per metric, creation date, locale, health, open tickets and traits. */
export function ManualForm({ start, errors, busy, onPreview }: Props) {
  const initial = fieldsOf(start);
  const [fields, setFields] = useState<ManualFields>(initial.fields);
  const [rows, setRows] = useState<MetricRow[]>(initial.rows);
  const bind = (name: keyof ManualFields) => ({ value: fields[name], error: errors[name], onValue: (v: string) => setFields((f) => ({ ...f, [name]: v })) });
  const setRow = (i: number, change: Partial<MetricRow>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const submit = (e: Event) => {
    e.preventDefault();
    onPreview(contextOf(fields, rows));
  };
  return (
    <form class="stack" aria-label="A customer filled in by hand" onSubmit={submit} noValidate>
      <div class="row">
        <TextField label="Account id" {...bind('accountId')} />
        <TextField label="Plan" {...bind('plan')} hint="A plan id from the catalog, e.g. starter." />
        <TextField label="Created" {...bind('createdAt')} hint="A date such as 2025-01-31." />
      </div>
      <div class="row">
        <TextField label="Locale" {...bind('locale')} hint="e.g. en or de-CH." />
        <TextField label="Health" inputMode="numeric" {...bind('health')} hint="0–100, from your CS tool." />
        <TextField label="Open tickets" inputMode="numeric" {...bind('openTickets')} />
      </div>
      <fieldset>
        <legend>Usage and limits</legend>
        {rows.map((r, i) => {
          const n = i + 1;
          return (
            <div class="row" key={i}>
              <TextField label={`Metric ${n}`} value={r.metric} onValue={(v) => setRow(i, { metric: v })} />
              <TextField label={`Usage of metric ${n}`} inputMode="numeric" value={r.usage} error={errors[`usage:${r.metric.trim()}`]} onValue={(v) => setRow(i, { usage: v })} />
              <TextField
                label={`Limit of metric ${n}`}
                inputMode="numeric"
                value={r.limit}
                error={errors[`limits:${r.metric.trim()}`]}
                hint="Empty: the plan's limit."
                onValue={(v) => setRow(i, { limit: v })}
              />
              <Button small onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))} aria-label={`Remove metric ${n}`}>
                Remove
              </Button>
            </div>
          );
        })}
        <Button small onClick={() => setRows((rs) => [...rs, { metric: '', usage: '', limit: '' }])}>
          Add a metric
        </Button>
      </fieldset>
      <TextArea label="Account traits" rows={3} {...bind('traits')} hint="One per line, such as industry=retail or employees=120." />
      <div class="row">
        <Button type="submit" variant="primary" busy={busy} busyLabel="Previewing…">
          Preview this customer
        </Button>
      </div>
    </form>
  );
}
