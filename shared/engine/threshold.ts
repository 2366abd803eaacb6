/** Structural twin of the `Threshold` schema, so this module stays free of zod (the widget bundles it). */
type ThresholdLike = { percent: number } | { value: number };

export function thresholdKind(at: ThresholdLike): 'percent' | 'value' {
  return 'percent' in at ? 'percent' : 'value';
}

export function thresholdOf(at: ThresholdLike): number {
  return 'percent' in at ? at.percent : at.value;
}
