import { evaluate } from '../shared/engine/evaluate';
import { explainAll, type ExplainedReason } from '../shared/engine/explain';
import type { Config } from '../shared/schemas/config';
import type { Context } from '../shared/schemas/context';
import type { State } from '../shared/schemas/state';

// Entry of upshift-debug.js, loaded by `Upshift.debug()`. upshift.js decides with reason codes
// alone; this re-runs the same engine, built with the facts behind each code, on the same inputs,
// and words every reason. It hands itself to the widget through a DOM event: no global of its own.
const explainDecision = (config: Config, context: Context, state: State, now: number): ExplainedReason[] =>
  explainAll(evaluate(config, context, state, now).reasons);

document.dispatchEvent(new CustomEvent('upshift:explain', { detail: explainDecision }));
