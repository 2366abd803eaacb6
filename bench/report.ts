/** Number formatting and small statistics for the bench report. */

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const pct = (fraction: number): string => `${Math.round(fraction * 100)}%`;
export const ratio = (n: number): string => n.toFixed(2);
export const range = (xs: readonly number[]): string => `${int(Math.min(...xs))}–${int(Math.max(...xs))}`;

/** Left-aligns the first column and right-aligns the rest. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) => indent + r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ').trimEnd())
    .join('\n');
}
