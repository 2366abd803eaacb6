import type { Expectation, PromptSummary } from './types';

/** The parts of a prompt the corpus reads; the engine's `Prompt` and the widget's debug report both fit (words only once upshift-debug.js has loaded). */
export interface PromptLike {
  ruleId: string;
  tier?: string;
  variant?: string;
  slot?: string;
  offer?: { type: string; id?: string };
  content?: { title: string };
}

export interface DecisionLike {
  prompt: PromptLike | null;
  placed: PromptLike[];
  reasons: { ruleId: string; code: string }[];
}

function describe(p: PromptLike, wanted: PromptSummary | undefined): PromptSummary {
  const s: PromptSummary = { ruleId: p.ruleId };
  if (p.tier !== undefined) s.tier = p.tier;
  if (p.variant !== undefined) s.variant = p.variant;
  if (p.slot !== undefined) s.slot = p.slot;
  // A wanted word that is missing reads as "(none)", so the comparison fails with the difference in view.
  if (wanted?.offer !== undefined) s.offer = !p.offer ? '(none)' : p.offer.id === undefined ? p.offer.type : `${p.offer.type}:${p.offer.id}`;
  if (wanted?.title !== undefined) s.title = p.content?.title ?? '(none)';
  return s;
}

const byRule = (a: PromptSummary, b: PromptSummary) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);

/**
 * A decision in the corpus's terms, for comparison with `expected`: offers and titles are read only
 * where the scenario names them, placed prompts are listed by rule id.
 */
export function summarize(decision: DecisionLike, expected: Expectation): Expectation {
  const wantedPlaced = new Map(expected.placed.map((p) => [p.ruleId, p]));
  return {
    prompt: decision.prompt ? describe(decision.prompt, expected.prompt ?? undefined) : null,
    placed: decision.placed.map((p) => describe(p, wantedPlaced.get(p.ruleId))).sort(byRule),
    codes: Object.fromEntries(decision.reasons.map((r) => [r.ruleId, r.code])),
  };
}

/** The expectation with its placed prompts in the order `summarize` lists them. */
export function normalized(expected: Expectation): Expectation {
  return { ...expected, placed: [...expected.placed].sort(byRule) };
}

/** A prompt's place without its words (offer and title), which upshift.js leaves to the prompt UI and the explainer. */
const placeOnly = ({ offer: _offer, title: _title, ...place }: PromptSummary): PromptSummary => place;

/** The expectation of what upshift.js decides on its own: which prompts show where, and every code, but not their words. */
export function withoutWords(expected: Expectation): Expectation {
  return { ...expected, prompt: expected.prompt && placeOnly(expected.prompt), placed: expected.placed.map(placeOnly) };
}
