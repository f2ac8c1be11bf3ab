/** Update path syntax: splitting, validation, positional tokens and MongoDB's conflict rule. */
import { ErrorCode, fail } from '../errors.ts';

const filteredPositional = /^\$\[([^\]]*)\]$/;

/** The identifier of a `$[id]` segment, '' for `$[]`, undefined for any other segment. */
export function arrayFilterIdentifier(segment: string): string | undefined {
  return filteredPositional.exec(segment)?.[1];
}

/** True for `$`, `$[]` and `$[id]`. */
export function isPositional(segment: string): boolean {
  return segment === '$' || arrayFilterIdentifier(segment) !== undefined;
}

/** Splits and validates an update path: no empty field names (56), no `$`-prefixed names (52). */
export function splitUpdatePath(path: string): string[] {
  const segments = path.split('.');
  if (segments.some((segment) => segment.length === 0)) {
    fail(ErrorCode.EmptyFieldName, `The update path '${path}' contains an empty field name, which is not allowed.`);
  }
  for (const segment of segments) {
    if (segment.startsWith('$') && !isPositional(segment)) {
      fail(
        ErrorCode.DollarPrefixedFieldName,
        `The dollar ($) prefixed field '${segment}' in '${path}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
      );
    }
  }
  return segments;
}

/** Segment-wise order: numeric segments first and numerically, others as strings (MongoDB's update order). */
export function compareSegments(a: readonly string[], b: readonly string[]): number {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) continue;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    if (xNumeric && yNumeric) return Number(x) - Number(y) || (x < y ? -1 : 1);
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** True when `prefix` equals `path` or is a leading part of it (segment-wise). */
export function isPathPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

/**
 * Records paths in update order and rejects one that overlaps an earlier one: equal, or one a prefix of the other
 * (code 40). Different fields of the same `$[x]` element do not overlap, so they are accepted.
 */
export class ConflictDetector {
  readonly #paths: string[][] = [];

  add(segments: string[]): void {
    for (const earlier of this.#paths) {
      const shorter = earlier.length <= segments.length ? earlier : segments;
      const longer = shorter === earlier ? segments : earlier;
      if (isPathPrefix(shorter, longer)) {
        fail(
          ErrorCode.ConflictingUpdateOperators,
          `Updating the path '${segments.join('.')}' would create a conflict at '${shorter.join('.')}'`,
        );
      }
    }
    this.#paths.push(segments);
  }
}

/** Rejects concrete (expanded) paths that overlap: two `$[x]`/`$[y]` that reach the same element field (code 40). */
export function assertNoRuntimeConflict(paths: readonly (readonly string[])[]): void {
  const sorted = [...paths].sort(compareSegments);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1] as readonly string[];
    if (isPathPrefix(previous, sorted[i] as readonly string[])) {
      fail(ErrorCode.ConflictingUpdateOperators, `Update created a conflict at '${previous.join('.')}'`);
    }
  }
}
