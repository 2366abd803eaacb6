import type { CreateDocumentOptions, oas31 } from 'zod-openapi';
import { z } from 'zod';
import { Audience, Condition, Operator } from '../../../shared/schemas/condition';

const REF = '#/components/schemas/Condition';

/**
 * `Condition` is recursive and checked by hand (`z.custom` in shared/schemas/condition.ts, so an
 * error points at its exact place), which JSON Schema cannot be derived from. Its shape is written
 * out here once, with the operators taken from the schema's own `Operator` enum.
 */
export const ConditionSchema: oas31.SchemaObject = {
  description: 'A condition: `all`, `any` or `not` of conditions, or one comparison of an attribute (at most 8 levels deep and 200 comparisons).',
  oneOf: [
    { type: 'object', properties: { all: { type: 'array', items: { $ref: REF }, maxItems: 50 } }, required: ['all'], additionalProperties: false },
    { type: 'object', properties: { any: { type: 'array', items: { $ref: REF }, maxItems: 50 } }, required: ['any'], additionalProperties: false },
    { type: 'object', properties: { not: { $ref: REF } }, required: ['not'], additionalProperties: false },
    {
      type: 'object',
      properties: {
        attr: { type: 'string', minLength: 1, maxLength: 200, examples: ['account.traits.employees'] },
        op: { type: 'string', enum: [...Operator.options] },
        value: { description: 'A string, number, boolean or null, or a list of them for `in`/`nin`; absent for `exists`.' },
      },
      required: ['attr', 'op'],
      additionalProperties: false,
    },
  ],
};

type Override = NonNullable<CreateDocumentOptions['override']>;

const isCondition = (schema: unknown) => schema === Condition || schema === Audience;

/** A schema rendered on its own (a pipe's checked side), with conditions and pre-checks handled the same way. */
function render(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  if (isCondition(schema)) return { $ref: REF };
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', override: (ctx) => shapeOf({ ...ctx, io }) });
  return json;
}

/**
 * The shared schemas use `z.custom` two ways, neither of which JSON Schema can be derived from:
 * `Condition` (and `Audience`, its bounded form) is recursive and checked by hand, so it becomes a
 * reference to the shape above; and a raw pre-check piped into the real schema (`safeRecord`'s
 * `__proto__` guard, the audience depth guard), where a request is described by the checked side
 * instead (zod would describe a pipe's input by the pre-check, which says nothing).
 */
const shapeOf = ({ jsonSchema, zodSchema, io }: { jsonSchema: Record<string, unknown>; zodSchema: z.core.$ZodType; io: 'input' | 'output' }) => {
  if (isCondition(zodSchema)) {
    for (const k of Object.keys(jsonSchema)) delete jsonSchema[k];
    jsonSchema.$ref = REF;
    return;
  }
  const def = zodSchema._zod.def;
  if (def.type === 'pipe' && (def as z.core.$ZodPipeDef).in._zod.def.type === 'custom' && io === 'input') {
    for (const k of Object.keys(jsonSchema)) delete jsonSchema[k];
    Object.assign(jsonSchema, render((def as z.core.$ZodPipeDef).out as z.ZodType, io));
  }
};

/** For `createDocument`'s `override`: applies the above to every schema it renders. */
export const renderConditions: Override = (ctx) => shapeOf(ctx as Parameters<typeof shapeOf>[0]);
