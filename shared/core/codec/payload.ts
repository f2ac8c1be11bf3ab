import { calculateObjectSize } from 'bson';

/** The fields of a session entry that hold its payload; everything else on the entry is metadata and stays plain. */
export const payloadFieldNames = ['cookies', 'localStorage', 'sessionStorage'] as const;

/** One of `payloadFieldNames`. */
export type PayloadFieldName = (typeof payloadFieldNames)[number];

/** The payload of a session entry: the payload fields it has, with values as the driver returned them. */
export type SessionPayload = { cookies?: unknown; localStorage?: unknown; sessionStorage?: unknown };

/** True when `field` is one of `payloadFieldNames`. */
export function isPayloadFieldName(field: string): field is PayloadFieldName {
  return (payloadFieldNames as readonly string[]).includes(field);
}

/**
 * The payload fields present on a session entry, in their stored order, so that a missing field stays missing after
 * inflating. A field holding `undefined` is not present: BSON does not store it.
 */
export function extractPayload(sessionEntry: Readonly<Record<string, unknown>>): SessionPayload {
  const payload: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(sessionEntry)) {
    if (isPayloadFieldName(field) && value !== undefined) payload[field] = value;
  }
  return payload;
}

/** The BSON byte length of a document, as `BSON.serialize` would write it, without serializing it. */
export function bsonByteLength(doc: Readonly<Record<string, unknown>>): number {
  return calculateObjectSize(doc);
}

/** An empty BSON document: a 4-byte length and a terminating zero. Whatever a document adds to that is its elements. */
export const emptyDocumentBytes = 5;

/**
 * The bytes that some fields of `entry` occupy inside it as BSON elements (type byte, name, value): what the entry
 * shrinks by when they are unset. Fields absent from `entry` count 0.
 */
export function elementsByteLength(entry: Readonly<Record<string, unknown>>, fieldNames: readonly string[]): number {
  const subset: Record<string, unknown> = {};
  for (const field of fieldNames) {
    // defineProperty, not assignment: a field named "__proto__" must count as a field, not replace the prototype.
    if (Object.hasOwn(entry, field)) {
      Object.defineProperty(subset, field, {
        value: entry[field],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return calculateObjectSize(subset) - emptyDocumentBytes;
}
