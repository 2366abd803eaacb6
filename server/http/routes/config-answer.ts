import { widgetStrings } from '../../../shared/strings';
import { securityHeaderValues } from '../middleware/security-headers';
import type { PublishedConfig } from '../../store/config-types';

/**
 * Cacheable, but revalidated on every use: a CDN in front answers 304s cheaply, yet a publish or an
 * emergency rollback reaches every widget on its next page load.
 */
export const CONFIG_CACHE_CONTROL = 'public, no-cache';

/** Answers kept by ETag beyond the store's own objects (a store that hands out new ones each time). */
const MAX_BY_ETAG = 100;

/** Everything `GET /v1/config` sends for one published version, worked out once. */
export interface ConfigAnswer {
  etag: string;
  /** The body as served: the stored bytes, or for a config older than the widget's strings, with them added. */
  body: string;
  /** `body` encoded once, so no request encodes it again. */
  bytes: Uint8Array<ArrayBuffer>;
  /**
   * Headers of the 200 and the 304 answer to a request without `Origin`, with lower-case names in
   * sorted order: the names and order the route's Headers object puts on the wire (test/server/config-fast-path.test.ts).
   */
  ok: Readonly<Record<string, string>>;
  notModified: Readonly<Record<string, string>>;
}

/** The answer for a live published version (see `configAnswers`). */
export type AnswerFor = (live: PublishedConfig) => ConfigAnswer;

/**
 * A config published before the widget's own strings moved into the config (it has no `strings`)
 * gets the built-in ones when served, so widgets keep working until the next publish; every later
 * config is served as stored.
 */
function served(live: PublishedConfig): { etag: string; body: string } {
  const config = JSON.parse(live.body) as Record<string, unknown>;
  if ('strings' in config) return live;
  return { etag: live.etag.replace(/"$/, '-s"'), body: JSON.stringify({ ...config, strings: widgetStrings() }) };
}

const sorted = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * The answers for each published version, for one app (`https` adds HSTS). A published version's
 * bytes never change, so an answer never goes stale: it is found by the store's own object while the
 * store keeps that object cached, and by ETag (which names version and content) after the store
 * dropped it and read the version again. A new live version is a new object with a new ETag.
 */
export function configAnswers({ https }: { https: boolean }): AnswerFor {
  const byObject = new WeakMap<PublishedConfig, ConfigAnswer>();
  const byEtag = new Map<string, ConfigAnswer>();
  const security = securityHeaderValues({ https });
  const build = (live: PublishedConfig): ConfigAnswer => {
    const { etag, body } = served(live);
    const bytes = new TextEncoder().encode(body);
    const common = { ...security, etag, 'cache-control': CONFIG_CACHE_CONTROL, vary: 'Origin, X-Upshift-Key' };
    return {
      etag,
      body,
      bytes,
      // The Node adapter adds `Content-Length` after a Headers object's names, spelt so.
      ok: { ...sorted({ ...common, 'content-type': 'application/json; charset=utf-8' }), 'Content-Length': String(bytes.byteLength) },
      notModified: sorted(common),
    };
  };
  return (live) => {
    let answer = byObject.get(live);
    if (answer) return answer;
    answer = byEtag.get(live.etag);
    if (!answer) {
      answer = build(live);
      if (byEtag.size >= MAX_BY_ETAG) byEtag.delete(byEtag.keys().next().value!);
      byEtag.set(live.etag, answer);
    }
    byObject.set(live, answer);
    return answer;
  };
}
