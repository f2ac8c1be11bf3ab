/**
 * `_id` checks MongoDB makes before storing that prepare-document.ts does not: an `_id` sub-document may not hold
 * `$`-prefixed field names (`{_id: {$a: 1}}` is refused with 52 DollarPrefixedFieldName, as MongoDB 7 does).
 */
import { BsonType, findElement, forEachElement } from '../bson/raw-reader.ts';
import { ErrorCode, fail } from '../errors.ts';

/** Throws when the document's `_id` is a document with a `$`-prefixed field. */
export function assertStorableId(raw: Buffer): void {
  const id = findElement(raw, '_id');
  if (id === undefined || id.type !== BsonType.document) return;
  forEachElement(raw, id.valueStart, (element) => {
    if (element.name.startsWith('$'))
      fail(
        ErrorCode.DollarPrefixedFieldName,
        `_id fields may not contain '$'-prefixed fields: ${element.name} is not valid for storage.`,
      );
  });
}
