import { Hono } from 'hono';
import { ReadinessQuery, type ReadinessAnswer } from '../../../../shared/schemas/analytics';
import { READINESS_CSV_HEADER, readinessCsvLine } from '../../../services/analytics/readiness-csv';
import { iso } from '../../../infra/iso';
import { methodNotAllowed, validationError } from '../../errors';
import type { ScopedDeps, ScopedEnv } from '../../middleware/access';
import type { ReadinessCsvRow, ReadinessCursor, ReadinessFilter, StoredReadiness } from '../../../store/readiness-types';

const DEFAULT_LIMIT = 50;
/** The CSV export reads the filtered list in pages of this many, so memory stays flat however many accounts there are. */
const CSV_PAGE = 2000;

const toAnswer = ({ updatedAt, ...r }: StoredReadiness): ReadinessAnswer['accounts'][number] => ({ ...r, updatedAt: iso(updatedAt) });

/**
 * `GET /v1/analytics/readiness` (read): the customer-success list of accounts by expansion
 * readiness, from the scores `POST /v1/state` keeps current (never from raw events). Filters
 * `band`, `fixFirst`, `plan`, `q` (part of the account id), `minScore`; `sort` (default `-score`, ties by
 * account id in the same direction);
 * `limit`/`offset`. `format=csv` streams the whole filtered list as an attachment.
 */
export function readinessRoutes({ store, access }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => {
    const parsed = ReadinessQuery.safeParse(c.req.query());
    if (!parsed.success) throw validationError(parsed.error, 'query');
    const query = parsed.data;
    const env = c.get('environment').id;
    const filter: ReadinessFilter = {
      band: query.band,
      fixFirst: query.fixFirst === undefined ? undefined : query.fixFirst === 'true',
      plan: query.plan,
      q: query.q,
      minScore: query.minScore,
    };
    const sort = query.sort ?? '-score';
    c.header('Cache-Control', 'no-store');
    if (query.format === 'csv') {
      let after: ReadinessCursor | undefined;
      const encoder = new TextEncoder();
      // A score saved before export records were kept has none: it is formatted here instead.
      const line = async (r: ReadinessCsvRow) => {
        if (r.line !== null) return r.line;
        const stored = await store.getReadiness(env, r.accountId);
        return stored ? readinessCsvLine(stored) : '';
      };
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(encoder.encode(READINESS_CSV_HEADER)),
        pull: async (controller) => {
          const page = await store.readinessCsv(env, filter, sort, { limit: CSV_PAGE, after });
          after = page.at(-1);
          if (page.length) controller.enqueue(encoder.encode((await Promise.all(page.map(line))).join('')));
          if (page.length < CSV_PAGE) controller.close();
        },
      });
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="readiness.csv"');
      return c.body(body);
    }
    const [counts, page] = await Promise.all([store.readinessCounts(env, filter), store.readinessPage(env, filter, sort, { limit: query.limit ?? DEFAULT_LIMIT, offset: query.offset ?? 0 })]);
    const answer: ReadinessAnswer = { ...counts, accounts: page.map(toAnswer) };
    return c.json(answer);
  });
  app.all('/', methodNotAllowed('GET'));
  return app;
}
