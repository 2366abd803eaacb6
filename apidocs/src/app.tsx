import { useEffect } from 'preact/hooks';
import { apiKey, current, docState, filter, followAddress, groups } from './model';
import { OperationView } from './operation';
import { PathText, Prose } from './prose';

/** An id-safe form of a tag name. */
const slug = (tag: string) => tag.replace(/[^A-Za-z0-9_-]+/g, '-');

const follow = () => followAddress(location.hash);

function KeyField() {
  return (
    <div class="key">
      <label for="api-key">API key (pk_… or sk_…)</label>
      <input id="api-key" type="password" autocomplete="off" spellcheck={false} value={apiKey} aria-describedby="api-key-note" onInput={(e) => (apiKey.value = e.currentTarget.value)} />
      <p id="api-key-note" class="muted">
        For “Try it out” only, which sends requests to this server. Kept in this tab’s session storage (gone when the tab closes), never in local storage; curl lines name it as a shell variable instead.
      </p>
    </div>
  );
}

function Sidebar() {
  return (
    <nav aria-label="Operations">
      <label for="filter">Filter operations</label>
      <input id="filter" type="search" value={filter} onInput={(e) => (filter.value = e.currentTarget.value)} />
      {groups.value.length === 0 && docState.value.kind === 'ready' && <p role="status">No operation matches.</p>}
      {groups.value.map((g) => (
        <div key={g.tag}>
          <h2 class="nav-group" id={`nav-${slug(g.tag)}`}>{g.tag}</h2>
          <ul aria-labelledby={`nav-${slug(g.tag)}`}>
            {g.entries.map((e) => (
              <li key={e.id}>
                <a href={`#${e.id}`} aria-current={current.value === e.id ? 'location' : undefined}>
                  <span class={`method m-${e.method}`}>{e.method.toUpperCase()}</span> <span class="path"><PathText path={e.path} /></span>
                  <span class="visually-hidden">{e.operation.summary ? `: ${e.operation.summary}` : ''}</span>
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

function Content() {
  const state = docState.value;
  if (state.kind === 'loading') return <p role="status">Loading the API description…</p>;
  if (state.kind === 'failed') return <p role="alert" class="error">{state.message}</p>;
  const { doc } = state;
  return (
    <>
      <p class="muted">
        Version {doc.info.version} · OpenAPI {doc.openapi} · <a href="/v1/openapi.json">the document as JSON</a>
      </p>
      {doc.info.description && <p><Prose text={doc.info.description} /></p>}
      {groups.value.map((g) => (
        <section key={g.tag} aria-labelledby={`tag-${slug(g.tag)}`}>
          <h2 id={`tag-${slug(g.tag)}`}>{g.tag}</h2>
          {g.description && <p class="desc"><Prose text={g.description} /></p>}
          {g.entries.map((e) => (
            <OperationView key={e.id} doc={doc} entry={e} />
          ))}
        </section>
      ))}
    </>
  );
}

/** The reference: key field on top, operations by tag in a sidebar, every operation in the main column. */
export function App() {
  const ready = docState.value.kind === 'ready';
  useEffect(() => {
    if (ready) follow();
  }, [ready]);
  useEffect(() => {
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return (
    <>
      <a class="skip-link" href="#main">Skip to the reference</a>
      <header class="topbar">
        <h1>Upshift API reference</h1>
      </header>
      <div class="layout">
        {/* Beside every operation as the page scrolls: the key that try-it-out sends, and the way to the others. */}
        <aside class="sidebar" aria-label="Key and operations">
          <KeyField />
          <Sidebar />
        </aside>
        <main id="main" tabIndex={-1}>
          <Content />
        </main>
      </div>
    </>
  );
}
