/**
 * Which parts of a stored document a filter, a `$pull` condition or an array filter reads: a tree of field names
 * where `'all'` means "this value whole". A selection applied to an array applies to each of its document
 * elements, as query paths do (`sessionHistory.sessionId` reads `sessionId` of every entry), so an update that
 * tests the session id of 50 history entries decodes 50 strings, not 50 entries with their cookies and storage.
 * An empty selection still decodes the value's type and, for an array, its elements' count and types.
 */

/** A value read whole, or only the named fields (of the document, or of each document element of the array). */
export type FieldSelection = 'all' | ReadonlyMap<string, FieldSelection>;

/** A selection of named fields (never 'all'): the shape of a whole document's selection. */
export type FieldsSelection = ReadonlyMap<string, FieldSelection>;

/** The union of two selections (what either reads). */
export function mergeSelections(a: FieldSelection, b: FieldSelection): FieldSelection {
  if (a === 'all' || b === 'all') return 'all';
  if (b.size === 0 || a === b) return a;
  if (a.size === 0) return b;
  const merged = new Map(a);
  for (const [name, inner] of b) {
    const existing = merged.get(name);
    merged.set(name, existing === undefined ? inner : mergeSelections(existing, inner));
  }
  return merged;
}

/** The selection that reads `segments` (a dotted path, split) and, at its end, `leaf`. */
export function selectionOfPath(segments: readonly string[], leaf: FieldSelection): FieldsSelection {
  let selection: FieldSelection = leaf;
  for (let i = segments.length - 1; i >= 0; i--) selection = new Map([[segments[i] as string, selection]]);
  return selection as FieldsSelection;
}

/** Merges a list of document selections; undefined (the whole document) wins. */
export function mergeFieldsSelections(
  selections: readonly (FieldsSelection | undefined)[],
): FieldsSelection | undefined {
  let merged: FieldSelection = new Map();
  for (const selection of selections) {
    if (selection === undefined) return undefined;
    merged = mergeSelections(merged, selection);
  }
  return merged === 'all' ? undefined : merged;
}

/**
 * True when the selection names an array index ("a.0.b"): a query path then reads that element whole, so arrays
 * under it are decoded entirely rather than element by element.
 */
export function namesArrayIndex(selection: FieldsSelection): boolean {
  for (const name of selection.keys()) if (/^\d+$/.test(name)) return true;
  return false;
}
