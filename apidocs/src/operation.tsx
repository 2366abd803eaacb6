import { keyVariable, placeKey, wayLabel, waysOf } from './auth';
import { CopyButton } from './copy';
import { pretty, requestBodyOf, responsesOf } from './examples';
import type { Entry } from './operations';
import { curlLine } from './request';
import { SchemaTree } from './schema-tree';
import { typeLabel } from './schema-text';
import { resolve, type Document, type Schema } from './spec';
import { TryIt } from './try-it';
import { Responses } from './responses';

export const methodLabel = (e: Entry) => `${e.method.toUpperCase()} ${e.path}`;

function Auth({ doc, entry }: { doc: Document; entry: Entry }) {
  const ways = waysOf(doc, entry.security);
  if (ways.length === 0) return <p>Authentication: none.</p>;
  return (
    <div>
      <p>Authentication, any one of:</p>
      <ul>
        {ways.map((w) => (
          <li key={w.name}>
            <strong>{w.name}</strong> (<code>{wayLabel(w)}</code>){w.scheme.description ? `: ${w.scheme.description}` : ''}
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
            <td>{p.description ?? resolve<Schema>(doc, p.schema).value?.description ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One operation: what it does, what it takes, what it answers, a curl line and a try-it-out form. */
export function OperationView({ doc, entry }: { doc: Document; entry: Entry }) {
  const { operation } = entry;
  const headingId = `${entry.id}-heading`;
  const request = requestBodyOf(doc, operation.requestBody);
  const ways = waysOf(doc, entry.security);
  const variable = keyVariable(ways);
  const keyPlace = variable ? placeKey(ways, variable) : undefined;
  const curl = curlLine(location.origin, entry, request.examples[0]?.value, keyPlace?.kind === 'header' ? keyPlace : undefined);
  return (
    <section id={entry.id} class="operation" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1}>
        <span class={`method m-${entry.method}`}>{entry.method.toUpperCase()}</span> <code>{entry.path}</code>
        {operation.summary && <span class="summary"> {operation.summary}</span>}
      </h3>
      {operation.deprecated && <p class="badge warn">Deprecated</p>}
      {operation.description && <p class="desc">{operation.description}</p>}
      <Auth doc={doc} entry={entry} />
      <Parameters doc={doc} entry={entry} />
      {request.body && (
        <>
          <h4>Request body{request.body.required ? ' (required)' : ''}</h4>
          {request.body.description && <p class="desc">{request.body.description}</p>}
          {request.media && <SchemaTree doc={doc} schema={request.media.schema} />}
          {request.examples.map((ex) => (
            <figure key={ex.name} class="example">
              <figcaption>Request example: {ex.name}</figcaption>
              <pre tabIndex={0}>{pretty(ex.value)}</pre>
            </figure>
          ))}
        </>
      )}
      <Responses doc={doc} entry={entry} responses={responsesOf(doc, operation.responses)} />
      <figure class="example curl">
        <figcaption>curl</figcaption>
        <pre tabIndex={0}>{curl}</pre>
        <CopyButton text={curl} label={`Copy curl line for ${methodLabel(entry)}`} />
      </figure>
      <TryIt doc={doc} entry={entry} ways={ways} example={request.examples[0]?.value} hasBody={request.body !== undefined} />
    </section>
  );
}
