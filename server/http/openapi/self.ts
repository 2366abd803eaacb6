import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { paths } from './operation';

/** `GET /v1/openapi.json`: this document. */
export function specPaths(): ZodOpenApiPathsObject {
  return paths('/v1/openapi.json', 'Meta', 'none', [
    {
      method: 'get',
      path: '',
      id: 'getOpenApi',
      summary: 'This OpenAPI 3.1 document',
      params: { header: z.object({ 'If-None-Match': z.string().optional() }) },
      ok: {
        200: { description: 'The document', schema: z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }), headers: { ETag: 'Changes with the server version' } },
        304: { description: 'The copy you hold is current' },
      },
    },
  ]);
}
