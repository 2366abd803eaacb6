import { useEffect, useRef } from 'preact/hooks';
import { keyVariable, placeKey, requirementsOf, wayLabel, waysOf } from './auth';
import { CopyButton } from './copy';
import { pretty, requestBodyOf, responsesOf } from './examples';
import type { Entry } from './operations';
import { current, opened, setOpen } from './model';
import { PathText, Prose } from './prose';
import { curlLine } from './request';
import { SchemaTree } from './schema-tree';
import { typeLabel } from './schema-text';
import { resolve, type Document, type Schema } from './spec';
import { TryIt } from './try-it';
import { Responses } from './responses';

export const methodLabel = (e: Entry) => `${e.method.toUpperCase()} ${e.path}`;

function Auth({ doc, entry }: { doc: Document; entry: Entry }) {
  const alternatives = requirementsOf(doc, entry.security);
  if (alternatives.length === 0) return <p>Authentication: none.</p>;
  return (
    <div>
      <p>Authentication{alternatives.length > 1 ? ', any one of' : ''}:</p>
      <ul>
        {alternatives.map((ways) => (
          <li key={ways.map((w) => w.name).join('+')}>
            {ways.map((w, i) => (
              <span key={w.name}>
                {i > 0 && ' and '}
                <strong>{w.name}</strong> (<code>{wayLabel(w)}</code>){w.scheme.description && ': '}
                {w.scheme.description && <Prose text={w.scheme.description} />}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Parameters({ doc, entry }: { doc: Document; entry: Entry }) {
  if (entry.parameters.length === 0) return null;
  return (
    <table class="params">
      <caption>Parameters</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">In</th>
          <th scope="col">Type</th>
          <th scope="col">Required</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {entry.parameters.map((p) => (
          <tr key={`${p.in}:${p.name}`}>
            <th scope="row"><code>{p.name}</code></th>
            <td>{p.in}</td>
            <td>{typeLabel(doc, p.schema)}</td>
            <td>{p.required || p.in === 'path' ? 'yes' : 'no'}</td>
            <td><Prose text={p.description ?? resolve<Schema>(doc, p.schema).value?.description ?? ''} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What an opened operation shows: parameters, request body, responses, a curl line and try-it-out. */
function OperationDetails({ doc, entry }: { doc: Document; entry: Entry }) {
  const request = requestBodyOf(doc, entry.operation.requestBody);
  const ways = waysOf(doc, entry.security);
  const variable = keyVariable(ways);
  const keyPlace = variable ? placeKey(ways, variable) : undefined;
  const curl = curlLine(location.origin, entry, request.examples[0]?.value, keyPlace?.kind === 'header' ? keyPlace : undefined);
  return (
    <div id={`${entry.id}-details`}>
      <Parameters doc={doc} entry={entry} />
      {request.body && (
        <>
          <h4>Request body{request.body.required ? ' (required)' : ''}</h4>
          {request.body.description && <p class="desc"><Prose text={request.body.description} /></p>}
          {request.media && <SchemaTree doc={doc} schema={request.media.schema} />}
          {request.examples.map((ex) => (
            <figure key={ex.name} class="example">
              <figcaption>Request example: {ex.name}</figcaption>
              <pre tabIndex={0}>{pretty(ex.value)}</pre>
            </figure>
          ))}
        </>
      )}
      <Responses doc={doc} entry={entry} responses={responsesOf(doc, entry.operation.responses)} />
      <figure class="example curl">
        <figcaption>curl</figcaption>
        <pre tabIndex={0}>{curl}</pre>
        <CopyButton text={curl} label={`Copy curl line for ${methodLabel(entry)}`} />
      </figure>
      <TryIt entry={entry} ways={ways} needsCredential={entry.security.some((r) => Object.keys(r).length > 0)} example={request.examples[0]?.value} hasBody={request.body !== undefined} />
    </div>
  );
}

/** One operation: what it does and what it takes, and its details once opened. */
export function OperationView({ doc, entry }: { doc: Document; entry: Entry }) {
  const { operation } = entry;
  const headingId = `${entry.id}-heading`;
  const isOpen = opened.value.has(entry.id);
  const isCurrent = current.value === entry.id;
  const section = useRef<HTMLElement>(null);
  // The operation a link named comes into view with its heading focused, so a keyboard or screen
  // reader user starts where the link pointed.
  useEffect(() => {
    if (!isCurrent) return;
    section.current?.scrollIntoView();
    document.getElementById(headingId)?.focus({ preventScroll: true });
  }, [isCurrent]);
  return (
    <section ref={section} id={entry.id} class="operation" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1}>
        <span class={`method m-${entry.method}`}>{entry.method.toUpperCase()}</span> <code><PathText path={entry.path} /></code>
        {operation.summary && <span class="summary"> {operation.summary}</span>}
      </h3>
      {operation.deprecated && <p class="badge warn">Deprecated</p>}
      {operation.description && <p class="desc"><Prose text={operation.description} /></p>}
      <Auth doc={doc} entry={entry} />
      <p>
        <button type="button" class="btn" aria-expanded={isOpen ? 'true' : 'false'} aria-controls={isOpen ? `${entry.id}-details` : undefined} onClick={() => setOpen(entry.id, !isOpen)}>
          {isOpen ? 'Hide details' : 'Show details'}
          <span class="visually-hidden">: {methodLabel(entry)}</span>
        </button>
      </p>
      {isOpen && <OperationDetails doc={doc} entry={entry} />}
    </section>
  );
}
