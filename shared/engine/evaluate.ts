import type { Config } from '../schemas/config';
import type { Context } from '../schemas/context';
import type { State } from '../schemas/state';
import { decide } from './decide';
import { render } from './render';
import type { Decision, Picked, Prompt } from './types';
import { wording } from './wording';

export { GLOBAL_SEED } from './decide';

/**
 * `decide()` with every prompt worded by `render()`: the whole decision, as `/v1/decide`, the
 * explainer and the tests see it. A prompt whose words cannot be made is left out.
 */
export function evaluate(config: Config, context: Context, state: State, now: number): Decision {
  const d = decide(config, context, state, now);
  const word = (p: Picked) => render(p, wording.get(p));
  return { prompt: d.prompt && word(d.prompt), placed: d.placed.map(word).filter((p): p is Prompt => p !== null), reasons: d.reasons };
}
