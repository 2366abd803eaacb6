import { z } from 'zod';
import { ISO_TIME, RELATIVE_TIME, regexProblem, SEMVER } from '../engine/condition-syntax';

/** Every comparison a condition can make. */
export const Operator = z.enum([
  'eq', 'neq', 'in', 'nin',
  'gt', 'gte', 'lt', 'lte',
  'exists', 'contains', 'startsWith', 'matches',
  'semverEq', 'semverGt', 'semverGte', 'semverLt', 'semverLte',
  'before', 'after',
]);
export type Operator = z.infer<typeof Operator>;

export type Scalar = string | number | boolean | null;

/** One comparison: `{ "attr": "account.traits.employees", "op": "gte", "value": 50 }`. */
export interface Leaf {
  attr: string;
  op: Operator;
  value?: Scalar | Scalar[];
}

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Leaf;


const ScalarValue = z.union([z.string().max(1024), z.number().finite(), z.boolean(), z.null()]);

/** Why a leaf's value does not suit its operator, or null. */
export function leafValueProblem(op: Operator, value: unknown): string | null {
  switch (op) {
    case 'in':
    case 'nin':
      return Array.isArray(value) && value.length <= 500 && value.every((v) => ScalarValue.safeParse(v).success) ? null : 'must be a list of at most 500 strings, numbers or booleans';
    case 'exists':
      return value === undefined || typeof value === 'boolean' ? null : 'must be true, false or absent';
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'contains':
    case 'startsWith':
      return typeof value === 'string' && value.length <= 1024 ? null : 'must be a string';
    case 'matches':
      return typeof value === 'string' ? regexProblem(value) : 'must be a regular expression';
    case 'semverEq':
    case 'semverGt':
    case 'semverGte':
    case 'semverLt':
    case 'semverLte':
      return typeof value === 'string' && SEMVER.test(value) ? null : 'must be a version such as "2.4.0"';
    case 'before':
    case 'after':
      return typeof value === 'string' && (RELATIVE_TIME.test(value) || (ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)))) ? null : 'must be an ISO date or a relative time such as "-90d"';
    default:
      return value === undefined || ScalarValue.safeParse(value).success ? null : 'must be a string, number, boolean or null';
  }
}

const LeafSchema = z
  .object({ attr: z.string().min(1).max(200), op: Operator, value: z.unknown().optional() })
  .strict()
  .superRefine((leaf, ctx) => {
    const problem = leafValueProblem(leaf.op, leaf.value);
    if (problem) ctx.addIssue({ code: 'custom', message: `value for "${leaf.op}" ${problem}`, path: ['value'] });
  });

const AllSchema = z.object({ all: z.array(z.lazy(() => Condition)).max(50) }).strict();
const AnySchema = z.object({ any: z.array(z.lazy(() => Condition)).max(50) }).strict();
const NotSchema = z.object({ not: z.lazy(() => Condition) }).strict();

/**
 * The recursive condition schema. Depth and size are bounded by `Audience`. The node's own key
 * picks its shape (`all`, `any`, `not`, else a comparison) instead of trying a union, so an error
 * deep inside points at its exact place, e.g. `all.1.op`, not just "invalid input" at the top.
 */
export const Condition: z.ZodType<Condition> = z.custom<Condition>().superRefine((value, ctx) => {
  const has = (key: string) => typeof value === 'object' && value !== null && Object.hasOwn(value, key);
  const schema = has('all') ? AllSchema : has('any') ? AnySchema : has('not') ? NotSchema : LeafSchema;
  const result = schema.safeParse(value);
  if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message, path: issue.path });
});

const MAX_DEPTH = 8;
const MAX_LEAVES = 100;

/**
 * Checks nesting depth without recursion, so a hostile document nested thousands of levels deep is
 * refused before the recursive schema (which would overflow the stack) ever sees it.
 */
export function conditionDepthProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 1]];
  let visited = 0;
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) return `conditions nest at most ${MAX_DEPTH} levels deep`;
    if (++visited > 10 * MAX_LEAVES) return `a condition has at most ${MAX_LEAVES} comparisons`;
    if (typeof node !== 'object' || node === null) continue;
    const kids = Array.isArray(node) ? node : [(node as Record<string, unknown>).all, (node as Record<string, unknown>).any, (node as Record<string, unknown>).not];
    for (const kid of kids) if (typeof kid === 'object' && kid !== null) stack.push([kid, Array.isArray(kid) ? depth : depth + 1]);
  }
  return null;
}

function measure(c: Condition, depth: number): { depth: number; leaves: number } {
  // Runs after the shape checks, which may have failed: anything odd counts as one comparison.
  const node = c as Partial<Record<'all' | 'any' | 'not', unknown>> | null;
  const kids = typeof node !== 'object' || node === null ? null : Array.isArray(node.all) ? node.all : Array.isArray(node.any) ? node.any : 'not' in node ? [node.not] : null;
  if (!kids) return { depth, leaves: 1 };
  return (kids as Condition[]).map((k) => measure(k, depth + 1)).reduce((a, b) => ({ depth: Math.max(a.depth, b.depth), leaves: a.leaves + b.leaves }), { depth, leaves: 0 });
}

/** A rule's audience: a condition at most 8 levels deep with at most 100 comparisons. */
export const Audience = Condition.superRefine((c, ctx) => {
  const m = measure(c, 1);
  if (m.depth > MAX_DEPTH) ctx.addIssue({ code: 'custom', message: `conditions nest at most ${MAX_DEPTH} levels deep` });
  if (m.leaves > MAX_LEAVES) ctx.addIssue({ code: 'custom', message: `a condition has at most ${MAX_LEAVES} comparisons` });
});
