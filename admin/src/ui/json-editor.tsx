import type { ComponentChildren } from 'preact';
import { TextArea } from './field';

/** A lint warning as the server answers it: saved, but likely to surprise whoever publishes. */
export interface Warning {
  code: string;
  message: string;
  path: (string | number)[];
  ruleId?: string;
}

/** "trigger.tiers.0.at: must be …", or the bare message for the document as a whole. */
export const issueLine = (path: string, message: string): string => (path ? `${path}: ${message}` : message);

/** Parses the editor's text; a syntax error comes back as a message for the field. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

interface Props {
  label: string;
  value: string;
  onValue: (text: string) => void;
  /** Problems to list under the editor: a JSON syntax error, or the server's issues by path. */
  issues: readonly string[];
  readOnly?: boolean;
  hint?: ComponentChildren;
}

/** A labelled monospace JSON textarea whose problems are listed under it and announced with it. */
export function JsonEditor({ label, value, onValue, issues, readOnly = false, hint }: Props) {
  return <TextArea label={label} value={value} onValue={onValue} error={issues.length ? issues : undefined} readOnly={readOnly} hint={hint} rows={20} />;
}

/** The server's lint warnings, each at its path. */
export function Warnings({ warnings, title = 'Saved, with warnings' }: { warnings: readonly Warning[]; title?: string }) {
  if (!warnings.length) return null;
  return (
    <div class="notice warn" role="status">
      <p>
        <strong>{title}</strong>
      </p>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>
            {w.ruleId ? <code>{w.ruleId}</code> : null} {issueLine(w.path.join('.'), w.message)}
          </li>
        ))}
      </ul>
    </div>
  );
}
