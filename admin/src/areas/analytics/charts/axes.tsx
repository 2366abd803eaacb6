import { labelIndexes } from './scale';

/** The plot area inside a chart's 640-wide viewBox: room on the left for y labels, below for x labels. */
export const BOX = { width: 640, height: 260, left: 76, right: 16, top: 12, bottom: 44 } as const;
export const plotRight = BOX.width - BOX.right;
export const plotBottom = BOX.height - BOX.bottom;

interface YProps {
  ticks: number[];
  y: (v: number) => number;
  format: (v: number) => string;
  /** The axis' unit in words, written up the left edge: "Events per day", "MRR (USD)". */
  unit: string;
}

/** Horizontal grid lines with their values, the zero line drawn stronger, and the unit. */
export function YAxis({ ticks, y, format, unit }: YProps) {
  return (
    <g class="axis">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={BOX.left} x2={plotRight} y1={y(t)} y2={y(t)} class={t === 0 ? 'zero' : 'grid'} />
          <text x={BOX.left - 6} y={y(t)} dy="0.32em" text-anchor="end">
            {format(t)}
          </text>
        </g>
      ))}
      <text class="unit" transform={`translate(12 ${(BOX.top + plotBottom) / 2}) rotate(-90)`} text-anchor="middle">
        {unit}
      </text>
    </g>
  );
}

interface XProps {
  labels: string[];
  x: (i: number) => number;
  /** At most this many labels are written, evenly spread, so they never overlap. */
  max?: number;
  unit?: string;
}

/** Category or day labels under the plot. */
export function XAxis({ labels, x, max = 8, unit }: XProps) {
  return (
    <g class="axis">
      <line x1={BOX.left} x2={plotRight} y1={plotBottom} y2={plotBottom} class="zero" />
      {labelIndexes(labels.length, max).map((i) => (
        <text key={i} x={x(i)} y={plotBottom + 16} text-anchor="middle">
          {labels[i]}
        </text>
      ))}
      {unit ? (
        <text class="unit" x={(BOX.left + plotRight) / 2} y={BOX.height - 4} text-anchor="middle">
          {unit}
        </text>
      ) : null}
    </g>
  );
}
