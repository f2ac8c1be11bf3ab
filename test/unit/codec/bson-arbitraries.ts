import {
  Binary,
  BSON,
  BSONRegExp,
  BSONSymbol,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'bson';
import fc from 'fast-check';
import type { SessionPayload } from '#shared/core/codec/index.ts';

/** Keys the contract calls out (case 7), keys JavaScript treats specially, and arbitrary unicode. */
export const storageKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('persist:root', 'a.b', '$x', 'a.b.c', '$', '.', 'ключ', '🍪', '__proto__', 'constructor', '0', '17'),
  fc.string({ unit: 'grapheme', maxLength: 12 }).filter((key) => !key.includes('\u0000')),
);

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((n) => new Int32(n));
const double = fc
  .oneof(
    fc.double(),
    fc.integer().map((n) => n), // integral: must not come back as an Int32
    fc.constantFrom(-0, Number.NaN, Infinity, -Infinity, 2 ** 53 + 2, Number.MIN_VALUE, -Number.MAX_VALUE),
  )
  .map((n) => new Double(n));
const long = fc
  .oneof(
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.bigInt({ min: 2n ** 53n, max: 2n ** 63n - 1n }), // beyond a double's integers
    fc.bigInt({ min: -100n, max: 100n }),
  )
  .map((n) => Long.fromBigInt(n));
const decimal128 = fc.oneof(
  fc
    .tuple(fc.bigInt({ min: -(10n ** 34n) + 1n, max: 10n ** 34n - 1n }), fc.integer({ min: -6000, max: 6000 }))
    .map(([coefficient, exponent]) => Decimal128.fromString(`${coefficient}E${exponent}`)),
  fc.constantFrom('0', '-0', '1.50', 'NaN', 'Infinity', '-Infinity').map((text) => Decimal128.fromString(text)),
);
const date = fc.date({ noInvalidDate: true });
const objectId = fc.uint8Array({ minLength: 12, maxLength: 12 }).map((bytes) => new ObjectId(bytes));
const binary = fc.oneof(
  fc
    .tuple(fc.uint8Array({ maxLength: 48 }), fc.constantFrom(0, 1, 2, 3, 5, 6, 8, 0x80, 0xff))
    .map(([bytes, subtype]) => new Binary(bytes, subtype)),
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => new Binary(bytes, Binary.SUBTYPE_UUID)),
);
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }), // lone surrogates included
  fc.constantFrom('', '🍪🔐👩‍👩‍👧', 'Ünïcödé 中文 العربية', 'eyJhbGciOiJIUzI1NiJ9.e30.sig', '\u0000inside'),
);
/** Types a session should never hold but MongoDB can: a byte-exact codec keeps them too. */
const rareType = fc.oneof(
  fc.tuple(fc.nat(), fc.nat()).map(([t, i]) => new Timestamp({ t, i })),
  fc.constant(new MinKey()),
  fc.constant(new MaxKey()),
  fc
    .tuple(
      fc.string({ maxLength: 8 }).filter((source) => !source.includes('\u0000')),
      fc.subarray(['i', 'l', 'm', 's', 'u', 'x']),
    )
    .map(([source, flags]) => new BSONRegExp(source, flags.join(''))),
  fc.string({ maxLength: 10 }).map((code) => new Code(code)),
  fc.string({ maxLength: 10 }).map((symbol) => new BSONSymbol(symbol)),
);

/** Every BSON leaf value a stored session may hold, as BSON values (not JavaScript numbers). */
export const bsonLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: int32, weight: 2 },
  { arbitrary: double, weight: 3 },
  { arbitrary: long, weight: 2 },
  { arbitrary: decimal128, weight: 1 },
  { arbitrary: date, weight: 1 },
  { arbitrary: objectId, weight: 1 },
  { arbitrary: binary, weight: 1 },
  { arbitrary: text, weight: 3 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: rareType, weight: 1 },
);

/** Any BSON value: leaves, and documents and arrays nesting them. */
export const bsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; document: unknown; array: unknown }>(
  (tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, bsonLeaf, tie('document'), tie('array')),
    document: fc.dictionary(storageKey, tie('value'), { maxKeys: 5, noNullPrototype: true }),
    array: fc.array(tie('value'), { maxLength: 5 }),
  }),
).value;

const storage = fc.dictionary(storageKey, bsonValue, { maxKeys: 6, noNullPrototype: true });
const cookie = fc.dictionary(
  fc.oneof(fc.constantFrom('name', 'value', 'domain', 'path', 'expires', 'httpOnly', 'secure', '_id'), storageKey),
  bsonValue,
  { maxKeys: 6, noNullPrototype: true },
);

/**
 * Reads a document back as the driver returns it with `promoteValues: false` and `bsonRegExp: true` (what the
 * weekly job reads): a JavaScript RegExp cannot hold every stored regex option, a BSONRegExp can.
 */
export function asDriverReads<T extends Record<string, unknown>>(document: T): T {
  return BSON.deserialize(BSON.serialize(document), {
    promoteValues: false,
    promoteBuffers: false,
    promoteLongs: false,
    bsonRegExp: true,
  }) as T;
}

/**
 * A payload with any non-empty subset of the three fields, in any order, and values of any type (cookies not an array,
 * storage a string: contract case 5), as the driver returns it with `promoteValues: false`.
 */
export const storedPayload: fc.Arbitrary<SessionPayload> = fc
  .tuple(
    fc.shuffledSubarray(['cookies', 'localStorage', 'sessionStorage'] as const, { minLength: 1 }),
    fc.oneof({ arbitrary: fc.array(cookie, { maxLength: 4 }), weight: 4 }, bsonValue),
    fc.oneof({ arbitrary: storage, weight: 4 }, bsonValue),
    fc.oneof({ arbitrary: storage, weight: 4 }, bsonValue),
  )
  .map(([fields, cookies, localStorage, sessionStorage]) => {
    const values = { cookies, localStorage, sessionStorage };
    return asDriverReads(Object.fromEntries(fields.map((field) => [field, values[field]])));
  });

/** The BSON bytes of a document as hex, for equality assertions with a readable diff. */
export const bsonHex = (document: unknown): string =>
  Buffer.from(BSON.serialize(document as Record<string, unknown>)).toString('hex');
