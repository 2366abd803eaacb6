// The loader stub exactly as README.md prints it between `<!-- embed:start -->` and
// `<!-- embed:end -->`; test/admin/snippet.test.ts fails if the two ever differ, so the console
// never hands out a snippet the documentation does not describe.
export const LOADER_STUB =
  '!function(w,u,q){if(w.Upshift)return;u=w.Upshift={q:q=[]};"identify track gate on off reset debug".split(" ").forEach(function(m){u[m]=function(){var a=[].slice.call(arguments);q.push([m,a]);if(m=="on")return function(){u.off(a[0],a[1])}}})}(window);';

/** The HTML to paste into every page: the loader stub, then `upshift.js` from this server with the environment's key. */
export function embedSnippet(serverOrigin: string, publishableKey: string): string {
  return `<script>\n${LOADER_STUB}\n</script>\n<script async src="${serverOrigin}/upshift.js" data-key="${publishableKey}"></script>`;
}

/** A first `Upshift.identify` call to adapt: who is signed in and where their account stands. */
export const IDENTIFY_EXAMPLE = `Upshift.identify({
  user: { id: 'user_42', role: 'admin' },
  account: { id: 'acct_7', plan: 'starter' },   // a plan id from your Upshift catalog
  usage: { api_calls: 8700, seats: 4 },        // current readings this period
  token: '…',                                  // signed by your backend, see Identity verification
});`;
