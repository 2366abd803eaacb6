import { BOX } from './axes';
import { ChartFigure, ChartSvg } from './figure';
import { linear, niceTicks } from './scale';

export interface Interval {
  label: string;
  estimate: number;
  /** null: the interval is unbounded on that side (drawn to the edge with an arrow). */
  low: number | null;
  high: number | null;
  significant: boolean;
}

interface Props {
  title: string;
  summary: string;
  rows: Interval[];
  format: (v: number) => string;
  unit: string;
  table: preact.ComponentChildren;
}

const ROW = 36;

/**
 * A forest plot: each variant's estimate against the holdout (a square) and its 95 % interval (a
 * bar), around the dashed zero line. An interval that excludes zero is drawn solid, one that crosses
 * it hollow: the difference shows in shape as well as position.
 */
export function ForestPlot({ title, summary, rows, format, unit, table }: Props) {
  const finite = rows.flatMap((r) => [r.estimate, r.low ?? r.estimate, r.high ?? r.estimate]);
  // Symmetric around zero, so the zero line sits in the middle; all-zero figures still get an axis.
  const reach = Math.max(...finite.map(Math.abs), 0) || 1;
  const ticks = niceTicks(-reach, reach, 6);
  const left = 150;
  // Room for the last tick's label, which is centred on the plot's right edge.
  const plotRight = BOX.width - 40;
  const height = BOX.top + rows.length * ROW + 40;
  const x = linear(ticks[0]!, ticks[ticks.length - 1]!, left, plotRight);
  const clamp = (v: number | null, edge: number) => (v === null ? edge : x(v));
  const chart = (
    <ChartSvg summary={summary} height={height}>
      <g class="axis">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={BOX.top} y2={height - 34} class={t === 0 ? 'zero dashed' : 'grid'} />
            <text x={x(t)} y={height - 20} text-anchor="middle">
              {format(t)}
            </text>
          </g>
        ))}
        <text class="unit" x={(left + plotRight) / 2} y={height - 4} text-anchor="middle">
          {unit}
        </text>
      </g>
      {rows.map((r, i) => {
        const cy = BOX.top + i * ROW + ROW / 2;
        const lo = clamp(r.low, left);
        const hi = clamp(r.high, plotRight);
        return (
          <g key={r.label} class={r.significant ? 'interval significant' : 'interval'}>
            <text class="row-label" x={left - 10} y={cy} dy="0.32em" text-anchor="end">
              {r.label}
            </text>
            <line x1={lo} x2={hi} y1={cy} y2={cy} />
            <line x1={lo} x2={lo} y1={cy - 6} y2={cy + 6} />
            <line x1={hi} x2={hi} y1={cy - 6} y2={cy + 6} />
            <rect x={x(r.estimate) - 5} y={cy - 5} width="10" height="10" />
          </g>
        );
      })}
    </ChartSvg>
  );
  return <ChartFigure title={title} chart={chart} table={table} />;
}
