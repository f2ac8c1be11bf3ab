/**
 * Dotted-path resolution with MongoDB's array semantics on matchable values: a non-numeric path segment applied to
 * an array descends into each element ("sessionHistory.sessionId" yields every entry's sessionId).
 */

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return (
    value !== null &&
    typeof value === 'object' &&
    (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)
  );
}

function collect(value: unknown, segments: readonly string[], index: number, out: unknown[]): void {
  if (index === segments.length) {
    out.push(value);
    return;
  }
  if (!isContainer(value)) return;
  const segment = segments[index] as string;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(segment)) {
      if (Number(segment) < value.length) collect(value[Number(segment)], segments, index + 1, out);
      return;
    }
    for (const element of value)
      if (isContainer(element) && !Array.isArray(element)) collect(element, segments, index, out);
    return;
  }
  if (Object.prototype.hasOwnProperty.call(value, segment)) collect(value[segment], segments, index + 1, out);
}

/** Every value the path reaches (arrays met on the way are descended; a leaf array is returned as one value). */
export function collectPathValues(document: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(document, path.split('.'), 0, out);
  return out;
}

/** Like `collectPathValues`, with leaf arrays flattened one level: the keys a multikey index or `distinct` sees. */
export function collectIndexValues(document: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  for (const value of collectPathValues(document, path)) {
    if (Array.isArray(value)) out.push(...value);
    else out.push(value);
  }
  return out;
}
