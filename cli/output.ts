// The CLI's only way to speak: results on stdout (text, or JSON with --json), everything else on stderr.

/** Writes a line (or lines) of the result to stdout. */
export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Writes the machine-readable result of a command (`--json`) to stdout. */
export function outJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes a message for the person at the terminal (progress, warnings, errors) to stderr. */
export function note(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Writes a machine-readable error (`--json`) to stderr. */
export function noteJson(value: unknown): void {
  process.stderr.write(`${JSON.stringify(value)}\n`);
}
