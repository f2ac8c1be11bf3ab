/**
 * Narrows a scan to the `_id` keys a filter can match: equality and `$in` become key lookups, `$gt/$gte/$lt/$lte`
 * a key range (within the bound's type, as MongoDB brackets comparisons by type). The plan is only a superset:
 * the full filter is still applied to every candidate.
 */
import { typeRank, valueKey } from '../bson/compare.ts';
import { isPlainObject } from '../bson/matchable.ts';
import type { KeyRange } from '../storage/collection.ts';

type AnyObject = Record<string, unknown>;

export type IdPlan =
  { readonly kind: 'range'; readonly range: KeyRange } | { readonly kind: 'keys'; readonly keys: readonly string[] };

const everything: IdPlan = { kind: 'range', range: {} };
const plannableRanks = new Set([2, 3, 4, 8, 9, 10]);

function isPlannableValue(value: unknown): boolean {
  return plannableRanks.has(typeRank(value)) && !Array.isArray(value);
}

function typeEnd(value: unknown): string {
  return String.fromCharCode(96 + typeRank(value) + 1);
}

function typeStart(value: unknown): string {
  return String.fromCharCode(96 + typeRank(value));
}

function planCondition(condition: unknown): IdPlan {
  if (!isPlainObject(condition) || !Object.keys(condition).some((key) => key.startsWith('$'))) {
    return isPlannableValue(condition) ? { kind: 'keys', keys: [valueKey(condition)] } : everything;
  }
  let plan: IdPlan = everything;
  for (const [operator, value] of Object.entries(condition)) {
    let next: IdPlan = everything;
    if (operator === '$eq' && isPlannableValue(value)) next = { kind: 'keys', keys: [valueKey(value)] };
    else if (operator === '$in' && Array.isArray(value) && value.every(isPlannableValue))
      next = { kind: 'keys', keys: value.map(valueKey) };
    else if ((operator === '$gt' || operator === '$gte') && isPlannableValue(value)) {
      next = {
        kind: 'range',
        range: {
          lower: valueKey(value),
          lowerInclusive: operator === '$gte',
          upper: typeEnd(value),
          upperInclusive: false,
        },
      };
    } else if ((operator === '$lt' || operator === '$lte') && isPlannableValue(value)) {
      next = {
        kind: 'range',
        range: {
          lower: typeStart(value),
          lowerInclusive: true,
          upper: valueKey(value),
          upperInclusive: operator === '$lte',
        },
      };
    }
    plan = intersect(plan, next);
  }
  return plan;
}

type Bound = { readonly key?: string | undefined; readonly inclusive?: boolean | undefined };

/** The tighter of two bounds: `higher` picks the larger key for lower bounds, the smaller for upper bounds. */
function tighter(a: Bound, b: Bound, higher: boolean): Bound {
  if (a.key === undefined) return b;
  if (b.key === undefined) return a;
  if (a.key !== b.key) return a.key > b.key === higher ? a : b;
  return { key: a.key, inclusive: a.inclusive === true && b.inclusive === true };
}

function intersectRanges(x: KeyRange, y: KeyRange): KeyRange {
  const lower = tighter(
    { key: x.lower, inclusive: x.lowerInclusive },
    { key: y.lower, inclusive: y.lowerInclusive },
    true,
  );
  const upper = tighter(
    { key: x.upper, inclusive: x.upperInclusive },
    { key: y.upper, inclusive: y.upperInclusive },
    false,
  );
  return {
    ...(lower.key === undefined ? {} : { lower: lower.key, lowerInclusive: lower.inclusive === true }),
    ...(upper.key === undefined ? {} : { upper: upper.key, upperInclusive: upper.inclusive === true }),
  };
}

/** True when `key` lies within `range`. */
export function inRange(key: string, range: KeyRange): boolean {
  if (range.lower !== undefined && (key < range.lower || (key === range.lower && !range.lowerInclusive))) return false;
  if (range.upper !== undefined && (key > range.upper || (key === range.upper && !range.upperInclusive))) return false;
  return true;
}

function intersect(a: IdPlan, b: IdPlan): IdPlan {
  if (a.kind === 'keys' && b.kind === 'keys')
    return { kind: 'keys', keys: a.keys.filter((key) => b.keys.includes(key)) };
  if (a.kind === 'keys' && b.kind === 'range')
    return { kind: 'keys', keys: a.keys.filter((key) => inRange(key, b.range)) };
  if (a.kind === 'range' && b.kind === 'keys') return intersect(b, a);
  return { kind: 'range', range: intersectRanges((a as { range: KeyRange }).range, (b as { range: KeyRange }).range) };
}

/** The `_id` plan of a (matchable) filter: from its `_id` condition and those inside a top-level `$and`. */
export function planIdScan(filter: AnyObject): IdPlan {
  let plan: IdPlan = everything;
  if ('_id' in filter) plan = intersect(plan, planCondition(filter['_id']));
  const and = filter['$and'];
  if (Array.isArray(and))
    for (const clause of and) if (isPlainObject(clause)) plan = intersect(plan, planIdScan(clause));
  if (plan.kind === 'keys') plan = { kind: 'keys', keys: [...new Set(plan.keys)].sort() };
  return plan;
}

const exactOperators = new Set(['$eq', '$in', '$gt', '$gte', '$lt', '$lte']);

/** True when the `_id` plan of this condition selects exactly the matching documents (no further test needed). */
function planIsExact(condition: unknown): boolean {
  if (!isPlainObject(condition) || !Object.keys(condition).some((key) => key.startsWith('$')))
    return isPlannableValue(condition);
  const ranks = new Set<number>();
  for (const [operator, value] of Object.entries(condition)) {
    if (!exactOperators.has(operator)) return false;
    const values = operator === '$in' ? (Array.isArray(value) ? value : [undefined]) : [value];
    if (!values.every(isPlannableValue)) return false;
    if (operator !== '$in' && operator !== '$eq') ranks.add(typeRank(value));
  }
  return ranks.size <= 1;
}

/**
 * The part of a filter the `_id` plan does not already guarantee: the filter without its `_id` condition when the
 * plan is exact (then range reads skip decoding `_id` and comparing ObjectIds), else the whole filter.
 */
export function residualFilter(filter: AnyObject): AnyObject {
  let residual = filter;
  if ('_id' in residual && planIsExact(residual['_id'])) {
    const { _id: _covered, ...rest } = residual;
    residual = rest;
  }
  const and = residual['$and'];
  if (Array.isArray(and) && and.every(isPlainObject)) {
    const clauses = and.map(residualFilter).filter((clause) => Object.keys(clause).length > 0);
    const { $and: _clauses, ...rest } = residual;
    residual = clauses.length === 0 ? rest : { ...rest, $and: clauses };
  }
  return residual;
}
