import { resolve, type Document, type Example, type MediaType, type RequestBody, type Response, type Ref, type Schema } from './spec';

export interface NamedExample {
  name: string;
  value: unknown;
}

/** The JSON media type of a body or response, whatever its parameters (`application/json; charset=utf-8`). */
export function jsonMedia(content: Record<string, MediaType> | undefined): MediaType | undefined {
  if (!content) return undefined;
  const type = Object.keys(content).find((t) => /^application\/(.+\+)?json\b/.test(t));
  return type === undefined ? undefined : content[type];
}

/**
 * The examples a media type gives, in the order OpenAPI ranks them: `example`, then `examples`
 * (each may be a `$ref`), then the schema's own `examples`/`example`.
 */
export function examplesOf(doc: Document, media: MediaType | undefined): NamedExample[] {
  if (!media) return [];
  if (media.example !== undefined) return [{ name: 'Example', value: media.example }];
  const named = Object.entries(media.examples ?? {}).flatMap(([name, ex]) => {
    const value = resolve<Example>(doc, ex).value;
    return value?.value === undefined ? [] : [{ name: value.summary ?? name, value: value.value }];
  });
  if (named.length > 0) return named;
  const schema = resolve<Schema>(doc, media.schema).value;
  if (schema?.examples?.length) return schema.examples.map((value, i) => ({ name: `Example ${i + 1}`, value }));
  return schema?.example === undefined ? [] : [{ name: 'Example', value: schema.example }];
}

/** The request body of an operation, resolved, with its JSON media type and first example. */
export function requestBodyOf(doc: Document, body: RequestBody | Ref | undefined): { body?: RequestBody; media?: MediaType; examples: NamedExample[] } {
  const resolved = resolve<RequestBody>(doc, body).value;
  if (!resolved) return { examples: [] };
  const media = jsonMedia(resolved.content);
  return media ? { body: resolved, media, examples: examplesOf(doc, media) } : { body: resolved, examples: [] };
}

/** The responses of an operation by status, resolved, in status order (`default` last). */
export function responsesOf(doc: Document, responses: Record<string, Response | Ref> | undefined): { status: string; response: Response }[] {
  return Object.entries(responses ?? {})
    .map(([status, r]) => ({ status, response: resolve<Response>(doc, r).value }))
    .filter((r): r is { status: string; response: Response } => r.response !== undefined)
    .sort((a, b) => (a.status === 'default' ? 1 : b.status === 'default' ? -1 : a.status.localeCompare(b.status)));
}

export const pretty = (value: unknown): string => JSON.stringify(value, null, 2);
