/**
 * Compiles a query filter once: a mingo predicate over matchable documents, plus the set of top-level fields the
 * filter reads, so documents are decoded only as far as the filter needs.
 */
import { Query } from 'mingo/query';
import { toCommandError } from '../errors.ts';
import { containsNumericTypeQuery } from './exact-types.ts';
import { mingoOptions } from './mingo-context.ts';

type AnyObject = Record<string, unknown>;

/** A compiled filter. */
export interface Matcher {
  /** True when the filter is `{}`: every document matches and nothing needs decoding. */
  readonly matchesAll: boolean;
  /** Top-level fields the filter reads; undefined when it needs the whole document ($expr, $where...). */
  readonly fields: ReadonlySet<string> | undefined;
  test(document: AnyObject): boolean;
}

const wholeDocumentOperators = new Set(['$expr', '$where', '$jsonSchema', '$text']);

/** Top-level fields a filter reads, or undefined if it may read any field. */
export function referencedFields(filter: AnyObject): Set<string> | undefined {
  const fields = new Set<string>();
  const visit = (condition: AnyObject): boolean => {
    for (const [key, value] of Object.entries(condition)) {
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (!Array.isArray(value)) return false;
        for (const clause of value)
          if (clause === null || typeof clause !== 'object' || !visit(clause as AnyObject)) return false;
      } else if (key === '$comment') {
        continue;
      } else if (key.startsWith('$')) {
        if (wholeDocumentOperators.has(key)) return false;
      } else if (containsNumericTypeQuery(value)) {
        return false; // `$type: 'long'`... reads stored types, which only whole decoded documents point back to
      } else {
        fields.add(key.split('.')[0] as string);
      }
    }
    return true;
  };
  return visit(filter) ? fields : undefined;
}

/** Compiles `filter` (matchable values); mingo's errors become MongoDB errors (unknown operator: code 2). */
export function compileFilter(filter: AnyObject): Matcher {
  const matchesAll = Object.keys(filter).length === 0;
  if (matchesAll) return { matchesAll, fields: new Set(), test: () => true };
  try {
    const query = new Query(filter, mingoOptions);
    return {
      matchesAll,
      fields: referencedFields(filter),
      test: (document) => {
        try {
          return query.test(document);
        } catch (error) {
          throw toCommandError(error);
        }
      },
    };
  } catch (error) {
    throw toCommandError(error);
  }
}
