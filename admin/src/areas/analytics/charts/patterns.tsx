// Five series looks that differ in more than colour (WCAG 1.4.1): each has its own colour from the
// theme (analytics.css) and its own line dash or fill pattern, repeated in the legend.

/** Stroke dashes of the line chart's series, by index. */
export const DASHES = ['', '8 4', '2 3', '10 3 2 3', '4 4'] as const;

/** `<pattern>` definitions for the bar fills, ids prefixed by `id` (one set per chart on the page). */
export function FillPatterns({ id }: { id: string }) {
  const marks = [
    null,
    <path d="M0 8 L8 0" />,
    <circle cx="4" cy="4" r="1.6" />,
    <path d="M0 0 L8 8 M0 8 L8 0" />,
    <path d="M0 4 L8 4" />,
  ];
  return (
    <defs>
      {marks.map((mark, i) => (
        <pattern key={i} id={`${id}-p${i}`} width="8" height="8" patternUnits="userSpaceOnUse">
          <rect width="8" height="8" class={`fill-${i}`} />
          {mark ? <g class="pattern-mark">{mark}</g> : null}
        </pattern>
      ))}
    </defs>
  );
}

export const fillOf = (id: string, i: number): string => `url(#${id}-p${i % 5})`;
