import { z } from 'zod';
import type { oas31 } from 'zod-openapi';

/** Every operation of the document with its method and path. */
export function operations(doc: oas31.OpenAPIObject): { method: string; path: string; op: oas31.OperationObject }[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, oas31.OperationObject>)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete', 'options'].includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

/**
 * One of the document's JSON Schemas read back into a validator by zod's `fromJSONSchema`: a check
 * of what the document says rather than of the zod schema it was made from (a wrong override, or a
 * hand-written component such as Condition, would show here). Components move to `$defs`, where a
 * standalone JSON Schema keeps them.
 */
export function validatorOf(doc: oas31.OpenAPIObject, schema: oas31.SchemaObject | oas31.ReferenceObject): z.ZodType {
  const text = JSON.stringify({ ...schema, $defs: doc.components?.schemas ?? {} }).replaceAll('#/components/schemas/', '#/$defs/');
  return z.fromJSONSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...(JSON.parse(text) as object) });
}
