/**
 * Makes an incoming document storable: `_id` generated (ObjectId) when missing and moved first when not, invalid
 * `_id` types refused, 16 MiB limit enforced. The bytes are copied so a stored document never pins the (up to
 * 48 MB) network message it arrived in.
 */
import { ObjectId } from 'bson';
import { BsonType, readElements } from '../bson/raw-reader.ts';
import { elementHeader, wrapDocument } from '../bson/raw-writer.ts';
import { ErrorCode, fail } from '../errors.ts';

/** MongoDB's maximum document size. */
export const maxDocumentBytes = 16 * 1024 * 1024;

const forbiddenIdTypes: Record<number, string> = {
  [BsonType.array]: 'array',
  [BsonType.regex]: 'regex',
  [BsonType.undefined]: 'undefined',
};

/** Throws BSONObjectTooLarge (10334) when `raw` exceeds 16 MiB. */
export function assertDocumentSize(raw: Buffer, message: string): void {
  if (raw.length > maxDocumentBytes)
    fail(
      ErrorCode.BSONObjectTooLarge,
      `${message}: size in bytes: ${String(raw.length)}, max size: ${String(maxDocumentBytes)}`,
    );
}

/** The document ready to store: `_id` first (generated if missing), as a private copy. */
export function prepareForInsert(raw: Buffer): Buffer {
  const elements = readElements(raw);
  const idIndex = elements.findIndex((element) => element.name === '_id');
  const idElement = elements[idIndex];
  let prepared: Buffer;
  if (idElement === undefined) {
    const id = Buffer.concat([elementHeader(BsonType.objectId, '_id'), Buffer.from(new ObjectId().id)]);
    prepared = wrapDocument([id, raw.subarray(4, raw.length - 1)]);
  } else {
    const idType = forbiddenIdTypes[idElement.type];
    if (idType !== undefined)
      fail(
        ErrorCode.InvalidIdField,
        `can't use a${idType === 'array' || idType === 'undefined' ? 'n' : ''} ${idType} for _id`,
      );
    if (idIndex === 0) prepared = Buffer.from(raw);
    else {
      const idBytes = raw.subarray(idElement.elementStart, idElement.valueEnd);
      const rest = elements
        .filter((element) => element !== idElement)
        .map((element) => raw.subarray(element.elementStart, element.valueEnd));
      prepared = wrapDocument([idBytes, ...rest]);
    }
  }
  assertDocumentSize(prepared, 'object to insert too large');
  return prepared;
}
