import { exposuresOf } from '../shared/engine/exposures';
import type { Model } from './model';
import type { Transport } from './transport';
import type { UiHost } from './api';

/**
 * Sends one `exposure` per person, rule and UTC day, once the decision is final: the config is
 * loaded and the person's server state has synced (before that, a dismissal on another device could
 * still change it). Remembered per page; the server drops repeats across reloads.
 */
export function exposures(model: Model, transport: Transport, base: UiHost['base']) {
  const sent = new Set<string>();
  return () => {
    const d = model.decision.value;
    const config = model.config.value;
    const ctx = model.context.value;
    if (!d || !config || !ctx || !model.synced.value) return;
    for (const x of exposuresOf(config, d.reasons)) {
      const e = base(ctx);
      const key = [e.userId, e.accountId, x.ruleId, e.at.slice(0, 10)].join();
      if (!sent.has(key)) {
        sent.add(key);
        transport.send({ ...e, type: 'exposure', ...x, locale: ctx.user.locale });
      }
    }
  };
}
