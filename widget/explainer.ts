import { INTERRUPTIVE } from '../shared/engine/surfaces';
import { evaluate } from '../shared/engine/evaluate';
import { explainAll } from '../shared/engine/explain';
import type { Picked } from '../shared/engine/types';
import type { Config } from '../shared/schemas/config';
import type { Context } from '../shared/schemas/context';
import type { State } from '../shared/schemas/state';
import type { Explainer } from './api';

/** What to change while testing when a reason holds every prompt back without a sound. */
const HINTS: Readonly<Record<string, string>> = {
  'guard.account_too_new': 'set guards.accountAgeDays to 0 while testing, or pass an older account.createdAt',
  'guard.unhealthy': 'set guards.minHealth to 0 while testing',
  'guard.open_tickets': 'set guards.openTickets to false while testing',
  'guard.contracting': 'set guards.contraction to false while testing',
  'budget.exhausted': 'raise settings.budget while testing',
  'experiment.global_holdout': 'the account is held out on purpose: try another account id, or set settings.holdout to 0 while testing',
  'experiment.holdout': "the account is held out on purpose: try another account id, or set the rule's holdout to 0 while testing",
  'frequency.cooldown': 'dismissals follow the person across devices: try a new user id while testing',
  'frequency.snoozed': 'try a new user id while testing',
  'tier.dismissed': 'try a new account id while testing, or wait for the next billing period',
  'rule.inactive': 'publish it with status "live"',
};

/** What shows, and why each rule does or does not, for one decision: what `Upshift.debug(true)` prints. */
function describe(config: Config, context: Context, state: State, now: number, onScreen: Picked | null): string {
  const lines = explainAll(evaluate(config, context, state, now).reasons).map((r) => {
    const rule = config.rules.find((x) => x.id === r.ruleId);
    const held = r.code === 'shown' && rule && INTERRUPTIVE[rule.surface] && r.ruleId !== onScreen?.ruleId ? ' (not on screen: acted on, or another prompt was turned away on this page)' : '';
    const hint = Object.hasOwn(HINTS, r.code) ? ` (${HINTS[r.code]})` : '';
    return `  ${r.ruleId}: ${r.code}: ${r.message}${held}${hint}`;
  });
  const head = onScreen ? `debug: showing "${onScreen.ruleId}" as a ${onScreen.surface}` : 'debug: no prompt shows';
  return `[upshift] ${head}. Rule by rule (config version ${config.version}, page ${context.page?.path ?? 'unknown'}):\n${lines.join('\n')}`;
}

/** What upshift-debug.js hands upshift.js: the whole engine's decision, its reasons in words, and the console output of `Upshift.debug(true)`. */
export const explainer: Explainer = {
  explain(config, context, state, now) {
    const decision = evaluate(config, context, state, now);
    return { decision, rules: explainAll(decision.reasons) };
  },
  watch(model, on, draw, log) {
    // Once per decision, after the person's history has arrived; a decision that reads the same as
    // the last one printed is not printed again, so a host calling identify on every render does not flood the console.
    let last = '';
    draw(() => {
      const decision = model.decision.value;
      const onScreen = model.prompt.value;
      const ctx = model.onPage.value;
      const config = model.config.value;
      // Turned off, it forgets what it printed: turned on again, it says where things stand.
      if (!on.value) last = '';
      if (!on.value || !decision || !config || !ctx || !model.synced.value) return;
      const text = describe(config, ctx, model.state.peek(), model.decidedAt(), onScreen);
      if (text !== last) log((last = text));
    });
  },
};
