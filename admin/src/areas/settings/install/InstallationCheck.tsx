import type { InstallationView } from '../../../../../shared/schemas/admin';
import { Button, formatTime, Loaded } from '../../../ui';
import type { InstallModel } from './model';

/** Plain next steps for what the check saw, or null when widgets are loading and sending events. */
function guidance(view: InstallationView): preact.JSX.Element | null {
  if (view.origins.length === 0) {
    return <p>This environment allows no origins yet, so every browser is refused. Add your app's origin under Allowed origins.</p>;
  }
  if (view.lastConfigAt === null) {
    return (
      <>
        <p>No widget has fetched this environment's config yet. Check, on a page of your app:</p>
        <ul>
          <li>the embed snippet is in the page, with this environment's publishable key;</li>
          <li>the page's origin (scheme, host and port) is one of the allowed origins;</li>
          <li>your Content-Security-Policy allows <code>{location.origin}</code> in <code>script-src</code> and <code>connect-src</code>;</li>
          <li>the browser console: the widget says there why it could not start.</li>
        </ul>
      </>
    );
  }
  if (view.eventsLastHour === 0) {
    return <p>Widgets are loading the config, but no events arrived in the last hour. Make sure your pages call <code>Upshift.identify</code> with the signed-in person; events follow once a prompt shows or you call <code>Upshift.track</code>.</p>;
  }
  return null;
}

/** Is the snippet working? Per allowed origin: the last config fetch and the events of the last hour. */
export function InstallationCheck({ model }: { model: InstallModel }) {
  const { installation } = model;
  return (
    <div class="card stack">
      <div class="spread">
        <h3>Installation check</h3>
        <Button small busy={installation.loading.value} busyLabel="Refreshing…" onClick={() => void installation.load()}>
          Refresh
        </Button>
      </div>
      <Loaded resource={installation} what="the installation check">
        {(view) => {
          const advice = guidance(view);
          return (
            <>
              <div class="table-wrap">
                <table class="table">
                  <caption>Widget activity by origin</caption>
                  <thead>
                    <tr>
                      <th scope="col">Origin</th>
                      <th scope="col">Allowed</th>
                      <th scope="col">Config last fetched</th>
                      <th scope="col">Events in the last hour</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.origins.map((o) => (
                      <tr key={o.origin}>
                        <th scope="row">{o.origin}</th>
                        <td>{o.allowed ? 'Yes' : 'No'}</td>
                        <td>{formatTime(o.lastConfigAt)}</td>
                        <td>{o.eventsLastHour}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">All origins</th>
                      <td />
                      <td>{formatTime(view.lastConfigAt)}</td>
                      <td>{view.eventsLastHour}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>
              {advice ? <div class="notice warn">{advice}</div> : <p class="notice ok">Widgets are loading the config and sending events.</p>}
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
