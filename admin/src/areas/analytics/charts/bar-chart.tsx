import { useId } from 'preact/hooks';
import { BOX, plotBottom, plotRight, XAxis, YAxis } from './axes';
import { ChartFigure, ChartSvg, Legend } from './figure';
import { fillOf, FillPatterns } from './patterns';
import { linear } from './scale';
import { valueTicks, type SeriesChartProps } from './series';

interface Props extends SeriesChartProps {
  xUnit?: string;
  /** Written above each bar of a single-series chart ("1,204 · 38.2 %"), so the figures read without the axis. */
  barLabels?: string[];
}

/** Bars per category, stacked by series in order (negative values downwards from zero: losses), each series with its own colour and fill pattern. */
export function BarChart({ title, summary, labels, series, yUnit, xUnit, format, barLabels, table }: Props) {
  const id = useId().replace(/[^\w-]/g, '');
  const sums = (sign: 1 | -1) => labels.map((_, j) => series.reduce((t, s) => t + (Math.sign(s.values[j] ?? 0) === sign ? s.values[j]! : 0), 0));
  const ticks = valueTicks(series, Math.min(0, ...sums(-1)), Math.max(0, ...sums(1)));
  const y = linear(ticks[0]!, ticks[ticks.length - 1]!, plotBottom, BOX.top + (barLabels ? 14 : 0));
  const band = (plotRight - BOX.left) / Math.max(1, labels.length);
  const x = (i: number) => BOX.left + band * (i + 0.5);
  const width = Math.min(56, band * 0.7);
  const bars = labels.map((_, j) => {
    let up = 0;
    let down = 0;
    return series.map((s, i) => {
      const v = s.values[j] ?? 0;
      if (v === 0) return null;
      const from = v > 0 ? up : down;
      const to = from + v;
      if (v > 0) up = to;
      else down = to;
      return <rect key={`${j}-${i}`} x={x(j) - width / 2} width={width} y={Math.min(y(from), y(to))} height={Math.abs(y(from) - y(to))} fill={fillOf(id, i)} class="bar" />;
    });
  });
  const chart = (
    <ChartSvg summary={summary}>
      <FillPatterns id={id} />
      <YAxis ticks={ticks} y={y} format={format} unit={yUnit} />
      {bars}
      <XAxis labels={labels} x={x} max={12} {...(xUnit ? { unit: xUnit } : {})} />
      {barLabels?.map((text, j) => (
        <text key={j} class="bar-label" x={x(j)} y={y(sums(1)[j] ?? 0) - 5} text-anchor="middle">
          {text}
        </text>
      ))}
    </ChartSvg>
  );
  const legend = series.length > 1 ? <Legend items={series.map((s, i) => ({ label: s.label, swatch: <rect x="1" y="1" width="26" height="12" fill={fillOf(id, i)} class="bar" /> }))} /> : undefined;
  return <ChartFigure title={title} chart={chart} table={table} legend={legend} />;
}
