/**
 * PostgreSQL's text cannot hold U+0000, which SQLite stores and the schemas let through in free
 * text (a decline's note, a string trait). Rather than fail the whole batch or sighting, which the
 * widget would retry for ever, the character is stored as U+FFFD, the replacement character.
 * JSON columns need nothing: JSON.stringify writes it as the escape `\u0000`.
 */
export const storableText = (s: string): string => (s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s);
