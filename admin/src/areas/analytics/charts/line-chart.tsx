import { BOX, plotBottom, plotRight, XAxis, YAxis } from './axes';
import { ChartFigure, ChartSvg, Legend } from './figure';
import { DASHES } from './patterns';
import { linear } from './scale';
import { valueTicks, type SeriesChartProps } from './series';

interface Props extends SeriesChartProps {
  xUnit: string;
}

/** Lines over days, one per series, each with its own colour and dash; points marked when few. */
export function LineChart({ title, summary, labels, series, yUnit, xUnit, format, table }: Props) {
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const ticks = valueTicks(series, 0, max);
  const y = linear(0, ticks[ticks.length - 1]!, plotBottom, BOX.top);
  const x = linear(0, Math.max(1, labels.length - 1), BOX.left + 8, plotRight - 8);
  const dots = labels.length <= 31;
  const chart = (
    <ChartSvg summary={summary}>
      <YAxis ticks={ticks} y={y} format={format} unit={yUnit} />
      <XAxis labels={labels} x={x} unit={xUnit} />
      {series.map((s, i) => (
        <g key={s.label} class={`series series-${i}`}>
          <polyline fill="none" stroke-dasharray={DASHES[i % 5]} points={s.values.map((v, j) => `${x(j)},${y(v)}`).join(' ')} />
          {dots ? s.values.map((v, j) => <circle key={j} cx={x(j)} cy={y(v)} r="2.5" />) : null}
        </g>
      ))}
    </ChartSvg>
  );
  const legend = <Legend items={series.map((s, i) => ({ label: s.label, swatch: <line class={`series series-${i}`} x1="1" x2="27" y1="7" y2="7" stroke-dasharray={DASHES[i % 5]} /> }))} />;
  return <ChartFigure title={title} chart={chart} table={table} legend={legend} />;
}
