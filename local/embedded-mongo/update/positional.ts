/**
 * The `$` positional operator: the index of the first element of an array that satisfies the query's conditions
 * on that array (`{"sessionHistory.sessionId": "x"}` -> the entry with sessionId "x").
 */
import { isPlainObject } from '../bson/matchable.ts';
import { collectPathValues } from '../query/field-paths.ts';
import { compileFilter } from '../query/matcher.ts';

type AnyObject = Record<string, unknown>;

function conditions(filter: AnyObject): [string, unknown][] {
  return Object.entries(filter).flatMap(([key, value]): [string, unknown][] => {
    if (key === '$and' && Array.isArray(value))
      return value.flatMap((clause) => (isPlainObject(clause) ? conditions(clause) : []));
    return key.startsWith('$') ? [] : [[key, value]];
  });
}

function elementTest(rest: string, condition: unknown): (element: unknown) => boolean {
  if (rest !== '') {
    const query = compileFilter({ [rest]: condition });
    return (element) => isPlainObject(element) && query.test(element);
  }
  if (isPlainObject(condition) && isPlainObject(condition['$elemMatch'])) {
    const inner = condition['$elemMatch'];
    const wrapsOperators = Object.keys(inner).every(
      (key) => key.startsWith('$') && !['$and', '$or', '$nor'].includes(key),
    );
    const query = compileFilter(wrapsOperators ? { element: inner } : inner);
    return (element) => (wrapsOperators ? query.test({ element }) : isPlainObject(element) && query.test(element));
  }
  const query = compileFilter({ element: condition });
  return (element) => query.test({ element });
}

/** Index for `$` in `arrayPath`, or undefined when the query has no condition that matched an element. */
export function findPositionalIndex(document: AnyObject, filter: AnyObject, arrayPath: string): number | undefined {
  const array = collectPathValues(document, arrayPath)[0];
  if (!Array.isArray(array)) return undefined;
  const tests = conditions(filter)
    .filter(([key]) => key === arrayPath || key.startsWith(`${arrayPath}.`))
    .map(([key, condition]) => elementTest(key.slice(arrayPath.length + 1), condition));
  if (tests.length === 0) return undefined;
  const index = array.findIndex((element) => tests.every((test) => test(element)));
  return index < 0 ? undefined : index;
}
