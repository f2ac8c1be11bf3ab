/**
 * Decodes a stored document only as far as a selection reads (field-selection.ts): fields it does not name are
 * skipped by their length without decoding their names, fields selected whole are decoded as `promoteDocument`
 * does, and fields with a sub-selection are decoded recursively, into each document element of an array. An
 * update that tests the session id of every history entry then decodes those ids, not the entries' cookies.
 */
import { type FieldSelection, type FieldsSelection, namesArrayIndex } from './field-selection.ts';
import { cstringEnd, mapStoredArray, promoteValue, recordPartialSource, setField, setLazyField } from './promote.ts';
import { BsonType, valueLength } from './raw-reader.ts';

/** One selected field, with its name's UTF-8 bytes so stored names are compared without being decoded. */
interface SelectedField {
  readonly name: string;
  readonly bytes: Buffer;
  /** Undefined: the value whole. */
  readonly inner: CompiledSelection | undefined;
  /** The sub-selection names an array index: an array here is decoded whole (see `namesArrayIndex`). */
  readonly wholeArray: boolean;
}

/** A selection compiled once for all the documents and elements it decodes. */
interface CompiledSelection {
  readonly fields: readonly SelectedField[];
}

const compiledSelections = new WeakMap<FieldsSelection, CompiledSelection>();

function compile(selection: FieldsSelection): CompiledSelection {
  let compiled = compiledSelections.get(selection);
  if (compiled === undefined) {
    compiled = {
      fields: [...selection].map(([name, inner]: [string, FieldSelection]) => ({
        name,
        bytes: Buffer.from(name, 'utf8'),
        inner: inner === 'all' ? undefined : compile(inner),
        wholeArray: inner === 'all' || namesArrayIndex(inner),
      })),
    };
    compiledSelections.set(selection, compiled);
  }
  return compiled;
}

/** The selected field whose name is stored in `buffer[start, end)`, if any. */
function fieldNamed(buffer: Buffer, start: number, end: number, fields: readonly SelectedField[]) {
  const length = end - start;
  candidates: for (const field of fields) {
    if (field.bytes.length !== length) continue;
    for (let i = 0; i < length; i++) if (buffer[start + i] !== field.bytes[i]) continue candidates;
    return field;
  }
  return undefined;
}

/** Decodes the document at `docStart` as far as `selection` reads. */
export function promoteSelected(buffer: Buffer, docStart: number, selection: FieldsSelection): Record<string, unknown> {
  return promoteCompiled(buffer, docStart, compile(selection));
}

/**
 * Sub-documents and arrays are decoded on first access, as in `promoteDocument`: a condition that fails on the
 * session id never decodes the cookies its next clause would read.
 */
function promoteCompiled(buffer: Buffer, docStart: number, selection: CompiledSelection): Record<string, unknown> {
  const fields = selection.fields;
  const docEnd = docStart + buffer.readInt32LE(docStart) - 1;
  const result: Record<string, unknown> = {};
  let offset = docStart + 4;
  while (offset < docEnd) {
    const type = buffer[offset] as number;
    const nameEnd = cstringEnd(buffer, offset + 1);
    const valueStart = nameEnd + 1;
    const valueEnd = valueStart + valueLength(buffer, type, valueStart);
    const field = fields.length === 0 ? undefined : fieldNamed(buffer, offset + 1, nameEnd, fields);
    if (field !== undefined) {
      const { name, inner } = field;
      if (inner !== undefined && type === BsonType.document)
        setLazyField(result, name, () => promoteCompiled(buffer, valueStart, inner));
      else if (inner !== undefined && type === BsonType.array && !field.wholeArray)
        setLazyField(result, name, () => promoteArrayCompiled(buffer, valueStart, inner));
      else if (type === BsonType.document || type === BsonType.array)
        setLazyField(result, name, () => promoteValue(buffer, type, valueStart, valueEnd));
      else setField(result, name, promoteValue(buffer, type, valueStart, valueEnd));
    }
    offset = valueEnd;
  }
  recordPartialSource(result, buffer, docStart);
  return result;
}

/** An array whose document elements are decoded as far as `selection` reads; other elements whole. */
function promoteArrayCompiled(buffer: Buffer, docStart: number, selection: CompiledSelection): unknown[] {
  return mapStoredArray(buffer, docStart, (type, valueStart, valueEnd) =>
    type === BsonType.document
      ? promoteCompiled(buffer, valueStart, selection)
      : promoteValue(buffer, type, valueStart, valueEnd),
  );
}
