import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { BOX } from './axes';

interface Props {
  title: string;
  chart: ComponentChildren;
  table: ComponentChildren;
  legend?: ComponentChildren;
}

/**
 * A chart with its data table. "Chart" and "Table" switch between them (the choice is per chart and
 * not kept in the URL: both show the same figures). The table is the accessible form; each chart's
 * SVG is one image (role=img) named by a one-sentence summary of its figures.
 */
export function ChartFigure({ title, chart, table, legend }: Props) {
  const [asTable, setAsTable] = useState(false);
  return (
    <figure class="chart-figure">
      <div class="spread">
        <figcaption>{title}</figcaption>
        <div class="row chart-toggle" role="group" aria-label={`Show ${title} as`}>
          <button type="button" class="btn btn-small" aria-pressed={!asTable} onClick={() => setAsTable(false)}>
            Chart
          </button>
          <button type="button" class="btn btn-small" aria-pressed={asTable} onClick={() => setAsTable(true)}>
            Table
          </button>
        </div>
      </div>
      {asTable ? (
        <div class="table-wrap">{table}</div>
      ) : (
        <>
          {legend}
          <div class="chart">{chart}</div>
        </>
      )}
    </figure>
  );
}

/** A legend entry: the same swatch (colour and pattern) as the marks, and the series' name in words. */
export function Legend({ items }: { items: readonly { label: string; swatch: ComponentChildren }[] }) {
  return (
    <ul class="chart-legend" aria-hidden="true">
      {items.map((i) => (
        <li key={i.label}>
          <svg width="28" height="14" viewBox="0 0 28 14" focusable="false">
            {i.swatch}
          </svg>
          {i.label}
        </li>
      ))}
    </ul>
  );
}

/** A chart's SVG: one image (role=img) named by the one-sentence summary of its figures, `BOX.width` wide. */
export function ChartSvg({ summary, height = BOX.height, children }: { summary: string; height?: number; children: ComponentChildren }) {
  return (
    <svg viewBox={`0 0 ${BOX.width} ${height}`} focusable="false" role="img" aria-label={summary}>
      {children}
    </svg>
  );
}
