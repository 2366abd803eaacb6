import { z } from 'zod';
import { EventBatch, EventBatchResult } from '../../shared/schemas/event';

// An OpenAPI 3.1 document in the standard shape (paths → operations with parameters, request bodies
// with examples, responses, security; components with schemas, responses and security schemes,
// reached through `$ref`s), for the page's tests to read. The events schemas are the real ones,
// turned into JSON Schema by zod as the served document does; the rest is written out by hand.

/** An events batch the running server accepts: a host-app `track` event from the past. */
export const EVENTS_EXAMPLE = {
  events: [{ id: '2f1d9a3e-8c4b-4e5f-9a6b-1c2d3e4f5a6b', at: '2026-01-02T03:04:05Z', userId: 'u_docs', accountId: 'acct_docs', type: 'track', name: 'docs_try_it' }],
};

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function fixtureDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'Upshift API', version: '0.1.0-fixture', description: 'A fixture of the Upshift API for the reference page’s tests.' },
    tags: [
      { name: 'Events', description: 'What people did with prompts, from the widget.' },
      { name: 'Rules', description: 'Draft rules, as code, with a secret key.' },
    ],
    paths: {
      '/v1/events': {
        post: {
          operationId: 'postEvents',
          tags: ['Events'],
          summary: 'Send a batch of events',
          description: 'At most 100 events, stored in one transaction; an id already stored counts as a duplicate.',
          security: [{ publishableKey: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/EventBatch' }, example: EVENTS_EXAMPLE } } },
          responses: {
            '200': { description: 'Stored', content: { 'application/json': { schema: { $ref: '#/components/schemas/EventBatchResult' }, example: { accepted: 1, duplicates: 0 } } } },
            '400': { $ref: '#/components/responses/BadRequest' },
            '401': { $ref: '#/components/responses/Unauthorized' },
          },
        },
      },
      '/v1/rules/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, description: 'The rule’s id', example: 'api-usage-ladder', schema: { type: 'string', pattern: '^[a-z0-9-]+$' } }],
        get: {
          operationId: 'getRule',
          tags: ['Rules'],
          summary: 'Read one draft rule',
          security: [{ secretKey: [] }, { session: [], csrfToken: [] }],
          parameters: [{ name: 'include', in: 'query', required: false, description: 'Extra parts to include', schema: { type: 'string', enum: ['lint', 'history'] } }],
          responses: {
            '200': { description: 'The rule', headers: { ETag: { description: 'The draft’s version, for If-Match' } }, content: { 'application/json': { schema: { $ref: '#/components/schemas/Rule' } } } },
            '404': errorResponse('No such rule'),
          },
        },
      },
      '/healthz': { get: { operationId: 'health', summary: 'Liveness', security: [], responses: { '200': { description: 'Alive' } } } },
    },
    components: {
      schemas: {
        EventBatch: jsonSchema(EventBatch),
        EventBatchResult: jsonSchema(EventBatchResult),
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', description: 'A stable, machine-readable code' }, message: { type: 'string' }, details: {} } } },
        },
        Condition: {
          description: 'A test on the context, or a group of them.',
          oneOf: [
            { type: 'object', required: ['metric', 'op', 'value'], properties: { metric: { type: 'string' }, op: { type: 'string', enum: ['gte', 'lte', 'eq'] }, value: { type: 'number' } } },
            { type: 'object', required: ['all'], properties: { all: { type: 'array', items: { $ref: '#/components/schemas/Condition' } } } },
          ],
        },
        Rule: {
          type: 'object',
          required: ['id', 'threshold'],
          properties: {
            id: { type: 'string', description: 'Stable id' },
            threshold: { type: 'integer', minimum: 0, maximum: 100, description: 'Percent of the limit' },
            surface: { type: 'string', enum: ['banner', 'modal', 'inline'], default: 'banner' },
            when: { $ref: '#/components/schemas/Condition' },
          },
        },
      },
      responses: { BadRequest: errorResponse('The body failed validation; details name each field'), Unauthorized: errorResponse('No key, or not one of this environment') },
      securitySchemes: {
        publishableKey: { type: 'apiKey', in: 'header', name: 'X-Upshift-Key', description: 'The environment’s publishable key (pk_…), from an allowed origin' },
        secretKey: { type: 'http', scheme: 'bearer', description: 'A secret key (sk_…), server to server' },
        session: { type: 'apiKey', in: 'cookie', name: 'upshift_session', description: 'The console’s signed-in session' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'The session’s CSRF token' },
      },
    },
  };
}
