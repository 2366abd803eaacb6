import type { Built } from './request';

/** What became of a try-it-out request. */
export type Outcome =
  | { kind: 'sending' }
  | { kind: 'answered'; status: number; statusText: string; headers: [string, string][]; body: string }
  | { kind: 'network-error'; message: string };

/** The answer headers worth showing beside the body; the rest are the browser's business. */
const SHOWN = ['content-type', 'etag', 'cache-control', 'location', 'retry-after', 'ratelimit', 'ratelimit-policy', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'];

/** The body as it reads best: JSON pretty-printed, anything else as sent. */
function readable(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Sends a built request to this server (same origin, so the session cookie, if any, goes too). */
export async function send(request: Built): Promise<Outcome> {
  try {
    const init: RequestInit = { method: request.method, headers: request.headers, credentials: 'same-origin' };
    if (request.body !== undefined) init.body = request.body;
    const res = await fetch(request.url, init);
    const headers = [...res.headers].filter(([name]) => SHOWN.includes(name.toLowerCase()));
    return { kind: 'answered', status: res.status, statusText: res.statusText, headers, body: readable(await res.text()) };
  } catch (e) {
    return { kind: 'network-error', message: e instanceof Error ? e.message : String(e) };
  }
}

/** The answer, in a live region so a screen reader hears it arrive. */
export function ResultView({ outcome, label }: { outcome: Outcome | null; label: string }) {
  return (
    <div class="result" role="region" aria-label={label} aria-live="polite">
      {outcome?.kind === 'sending' && <p>Sending…</p>}
      {outcome?.kind === 'network-error' && <p class="error">Network error: {outcome.message}</p>}
      {outcome?.kind === 'answered' && (
        <>
          <p>
            Status: <strong class={`status s-${String(outcome.status)[0]}`}>{outcome.status}</strong> {outcome.statusText}
          </p>
          {outcome.headers.length > 0 && (
            <dl class="headers">
              {outcome.headers.map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          )}
          <pre tabIndex={0} class="answer">{outcome.body}</pre>
        </>
      )}
    </div>
  );
}
