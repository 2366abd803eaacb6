import type { Entry } from './operations';
import { examplesOf, jsonMedia, pretty } from './examples';
import { Prose } from './prose';
import { SchemaTree } from './schema-tree';
import { resolve, type Document, type Response } from './spec';

/** Each status an operation answers with: its description, headers, body schema and examples. */
export function Responses({ doc, entry, responses }: { doc: Document; entry: Entry; responses: { status: string; response: Response }[] }) {
  if (responses.length === 0) return null;
  return (
    <>
      <h4>Responses</h4>
      {responses.map(({ status, response }) => {
        const media = jsonMedia(response.content);
        const headers = Object.entries(response.headers ?? {});
        return (
          <div key={status} class="response">
            <h5>
              <span class={`status s-${status[0]}`}>{status}</span> <Prose text={response.description ?? ''} />
            </h5>
            {headers.length > 0 && (
              <ul class="headers" aria-label={`Headers of the ${status} answer of ${entry.id}`}>
                {headers.map(([name, h]) => (
                  <li key={name}>
                    <code>{name}</code> <Prose text={resolve<{ description?: string }>(doc, h).value?.description ?? ''} />
                  </li>
                ))}
              </ul>
            )}
            {media?.schema && <SchemaTree doc={doc} schema={media.schema} />}
            {examplesOf(doc, media).map((ex) => (
              <figure key={ex.name} class="example">
                <figcaption>
                  Response example ({status}): {ex.name}
                </figcaption>
                <pre tabIndex={0}>{pretty(ex.value)}</pre>
              </figure>
            ))}
          </div>
        );
      })}
    </>
  );
}
