import type { ComponentChildren } from 'preact';
import { niceTicks } from './scale';

export interface Series {
  label: string;
  values: number[];
}

/** What the bar and the line chart take alike. */
export interface SeriesChartProps {
  title: string;
  /** One sentence of the figures: the SVG's accessible name. */
  summary: string;
  /** One per bar or point, shared by every series. */
  labels: string[];
  series: Series[];
  yUnit: string;
  format: (v: number) => string;
  /** The data table alternative (the caller knows its columns best). */
  table: ComponentChildren;
}

/** Y ticks over `[min, max]`, in whole steps when every value is whole (counts: no "1.5 conversions"). */
export const valueTicks = (series: readonly Series[], min: number, max: number): number[] =>
  niceTicks(min, max, 5, series.every((s) => s.values.every(Number.isInteger)));
