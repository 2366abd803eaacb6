// The linear-time matcher and its validator, bundled alone for test/e2e/pattern.test.ts to run in Chromium.
export { compile, MAX_STATES, run, work } from '../../shared/engine/pattern';
export { regexProblem } from '../../shared/engine/condition-syntax';
