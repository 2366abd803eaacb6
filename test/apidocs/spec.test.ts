import { describe, expect, it } from 'vitest';
import { examplesOf, responsesOf } from '../../apidocs/src/examples';
import { entriesOf, groupsOf } from '../../apidocs/src/operations';
import { constraints, discriminatorLabels, fieldsOf, shapeLabel, typeLabel } from '../../apidocs/src/schema-text';
import { asDocument, resolve, type Document, type Schema } from '../../apidocs/src/spec';
import { fixtureDocument } from './fixture';

const doc = (extra: Partial<Document> = {}): Document => ({ openapi: '3.1.0', info: { title: 't', version: '1' }, ...extra });

describe('asDocument', () => {
  it.each([
    [null, 'not a JSON object'],
    [{ swagger: '2.0', info: { title: 't' } }, 'not an OpenAPI 3 document'],
    [{ openapi: '3.1.0' }, 'no info.title'],
    [{ openapi: '3.1.0', info: { title: 't' }, paths: [] }, '"paths" is not an object'],
  ])('gives a reason for %j', (json, reason) => {
    expect(asDocument(json)).toContain(reason);
  });

  it('takes the fixture document as it is', () => {
    const json = fixtureDocument();
    expect(asDocument(json)).toBe(json);
  });
});

describe('resolve', () => {
  const d = doc({
    components: {
      schemas: {
        A: { $ref: '#/components/schemas/B' },
        B: { type: 'string' },
        'a/b': { type: 'integer' },
        Loop1: { $ref: '#/components/schemas/Loop2' },
        Loop2: { $ref: '#/components/schemas/Loop1' },
      },
    },
  });

  it.each([
    ['a chain, named by its last link', '#/components/schemas/A', { value: { type: 'string' }, name: 'B' }],
    ['a JSON Pointer escape (~1 is "/")', '#/components/schemas/a~1b', { value: { type: 'integer' }, name: 'a~1b' }],
    ['a ref that points nowhere', '#/components/schemas/Nope', { value: undefined, name: 'Nope' }],
    ['a ref into another document', 'other.json#/x', { value: undefined, name: 'x' }],
    ['a loop', '#/components/schemas/Loop1', { value: undefined }],
  ])('%s', (_, $ref, expected) => {
    expect(resolve<Schema>(d, { $ref })).toEqual(expected);
  });

  it('passes a value that is not a ref through', () => {
    expect(resolve<Schema>(d, { type: 'boolean' })).toEqual({ value: { type: 'boolean' } });
  });
});

describe('entriesOf and groupsOf', () => {
  const d = doc({
    security: [{ secretKey: [] }],
    tags: [{ name: 'Second' }, { name: 'First', description: 'Firsts' }],
    paths: {
      '/a/{id}': {
        parameters: [
          { name: 'id', in: 'path', required: true, description: 'path level' },
          { name: 'q', in: 'query', description: 'path level' },
        ],
        get: { operationId: 'getA', tags: ['First'], summary: 'Read an A', parameters: [{ name: 'q', in: 'query', description: 'own' }] },
        delete: { tags: ['Second'], security: [] },
      },
      '/b': { post: { operationId: 'postB' } },
    },
  });
  const entries = entriesOf(d);

  it('merges path-level parameters, the operation’s own winning, and inherits the document’s security', () => {
    const getA = entries.find((e) => e.id === 'getA')!;
    expect(getA.parameters.map((p) => `${p.in}:${p.name}:${p.description}`)).toEqual(['path:id:path level', 'query:q:own']);
    expect(getA.security).toEqual([{ secretKey: [] }]);
    expect(entries.find((e) => e.method === 'delete')!.security).toEqual([]);
  });

  it('names an operation without an operationId by method and path', () => {
    expect(entries.map((e) => e.id)).toEqual(['getA', 'delete-a-id', 'postB']);
  });

  it('groups in the document’s tag order, untagged last, and filters on every word', () => {
    expect(groupsOf(d, entries, '').map((g) => [g.tag, g.entries.map((e) => e.id)])).toEqual([
      ['Second', ['delete-a-id']],
      ['First', ['getA']],
      ['Other', ['postB']],
    ]);
    expect(groupsOf(d, entries, 'GET read').map((g) => g.entries.map((e) => e.id))).toEqual([['getA']]);
    expect(groupsOf(d, entries, 'get nothing-like-this')).toEqual([]);
  });
});

describe('schema text', () => {
  const d = fixtureDocument() as unknown as Document;

  it.each<[string, Schema | { $ref: string }, string]>([
    ['a format', { type: 'string', format: 'uuid' }, 'string (uuid)'],
    ['an array of a named schema', { type: 'array', items: { $ref: '#/components/schemas/Rule' } }, 'array of Rule'],
    ['a nullable union', { type: ['integer', 'null'] }, 'integer | null'],
    ['a named union', { $ref: '#/components/schemas/Condition' }, 'Condition'],
    ['an anonymous union', { oneOf: [{ type: 'string' }, { type: 'number' }] }, 'one of 2'],
    ['a constant', { const: 'track' }, 'constant "track"'],
    ['a ref to nothing', { $ref: '#/components/schemas/Gone' }, 'unresolved #/components/schemas/Gone'],
  ])('%s reads %s', (_, schema, label) => {
    expect(typeLabel(d, schema)).toBe(label);
  });

  it('lists bounds, lengths and defaults, and leaves out a pattern a format explains', () => {
    expect(constraints({ minimum: 0, maximum: 100, minLength: 1, maxLength: 64, default: 'banner', pattern: '^a$' })).toEqual(['≥ 0', '≤ 100', 'length 1–64', 'pattern ^a$', 'default "banner"']);
    expect(constraints({ format: 'uuid', pattern: '^[0-9a-f-]+$' })).toEqual([]);
    expect(constraints({ minimum: 0, maximum: 9007199254740991 })).toEqual(['≥ 0']);
  });

  it('names a union’s alternatives by the property that tells them apart', () => {
    const batch = resolve<Schema>(d, { $ref: '#/components/schemas/EventBatch' }).value!;
    const events = resolve<Schema>(d, batch.properties!.events).value!;
    const items = resolve<Schema>(d, events.items).value!;
    expect(discriminatorLabels(d, items.oneOf!)).toEqual(['type: "impression" | "click" | "dismiss" | "snooze"', 'type: "decline"', 'type: "track"', 'type: "dropped"', 'type: "exposure"']);
    expect(discriminatorLabels(d, [{ type: 'string' }, { type: 'number' }])).toBeUndefined();
  });

  it('names an alternative without a discriminator by its shape', () => {
    const condition = resolve<Schema>(d, { $ref: '#/components/schemas/Condition' }).value!;
    expect(condition.oneOf!.map((alt) => shapeLabel(d, alt))).toEqual(['object { metric, op, value }', 'object { all }']);
    expect(shapeLabel(d, { properties: { a: {}, b: {}, c: {}, d: {}, e: {} } })).toBe('object { a, b, c, d, … }');
    expect([shapeLabel(d, { $ref: '#/components/schemas/Rule' }), shapeLabel(d, { type: 'string' })]).toEqual(['Rule', 'string']);
  });

  it('merges allOf parts into one field list with their required names', () => {
    const schema: Schema = { properties: { a: { type: 'string' } }, allOf: [{ $ref: '#/components/schemas/Rule' }] };
    expect(fieldsOf(d, schema).map((f) => `${f.name}${f.required ? '*' : ''}`)).toEqual(['a', 'id*', 'threshold*', 'surface', 'when']);
  });
});

describe('examples and responses', () => {
  const d = doc({ components: { examples: { One: { summary: 'The first', value: { n: 1 } } } } });

  it.each([
    ['`example` first', { example: 1, examples: { x: { value: 2 } } }, [{ name: 'Example', value: 1 }]],
    ['then `examples`, refs followed', { examples: { x: { $ref: '#/components/examples/One' }, y: { value: 2 } } }, [{ name: 'The first', value: { n: 1 } }, { name: 'y', value: 2 }]],
    ['then the schema’s', { schema: { examples: [3, 4] } }, [{ name: 'Example 1', value: 3 }, { name: 'Example 2', value: 4 }]],
    ['or none', { schema: { type: 'string' } }, []],
  ])('%s', (_, media, expected) => {
    expect(examplesOf(d, media)).toEqual(expected);
  });

  it('orders responses by status with default last, following refs', () => {
    const withRefs = doc({ components: { responses: { Bad: { description: 'bad' } } } });
    const out = responsesOf(withRefs, { default: { description: 'other' }, '400': { $ref: '#/components/responses/Bad' }, '200': { description: 'ok' } });
    expect(out.map((r) => `${r.status} ${r.response.description}`)).toEqual(['200 ok', '400 bad', 'default other']);
  });
});
