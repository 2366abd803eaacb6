/**
 * One CSV record (RFC 4180): fields joined by commas and ended by CRLF; a field holding a comma, a
 * quote, CR or LF is quoted with its quotes doubled. A cell a spreadsheet would run as a formula
 * (starting with =, +, -, @, a tab or CR) gets a leading apostrophe first (OWASP's CSV injection advice).
 */
export function csvRecord(fields: readonly (string | number | boolean | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
