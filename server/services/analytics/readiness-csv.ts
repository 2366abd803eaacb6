import { iso } from '../../infra/iso';
import type { StoredReadiness } from '../../store/readiness-types';
import { csvRecord } from './csv';

/** The readiness export's first record. */
export const READINESS_CSV_HEADER = csvRecord(['account', 'plan', 'score', 'band', 'fix_first', 'usage', 'breadth', 'exploration', 'growth', 'signals', 'updated_at']);

/** One account's record in the readiness export: stored with its score, so an export only streams text. */
export const readinessCsvLine = (r: StoredReadiness): string =>
  csvRecord([
    r.accountId,
    r.plan,
    r.score,
    r.band,
    r.fixFirst,
    r.categories.usage,
    r.categories.breadth,
    r.categories.exploration,
    r.categories.growth,
    r.signals.map((s) => `${s.label} (${s.points})`).join('; '),
    iso(r.updatedAt),
  ]);
