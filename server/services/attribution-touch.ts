import type { AttributionWindow } from '../store/conversion-types';

/** A prompt event a conversion can be credited to. */
export type TouchType = 'click' | 'impression';

/**
 * The kinds of prompt event a conversion may be credited to, in order of preference: the newest
 * click in the window wins over any impression, however recent; impressions count only when the
 * attribution settings say so, and nothing counts when the window gives no credit (new business,
 * or a conversion with no prompt in its window). A store looks for the newest of each kind in turn.
 */
export function touchPreference(window: AttributionWindow): readonly TouchType[] {
  if (!window.credit) return [];
  return window.impressions ? ['click', 'impression'] : ['click'];
}
