import { explainer } from './explainer';

// Entry of upshift-debug.js, loaded by `Upshift.debug()` or `Upshift.debug(true)`. upshift.js decides
// with reason codes alone; the explainer re-runs the same engine, built with the facts behind each
// code, on the same inputs, and words every reason. It hands itself to the widget through a DOM
// event: no global of its own.
document.dispatchEvent(new CustomEvent('upshift:explain', { detail: explainer }));
