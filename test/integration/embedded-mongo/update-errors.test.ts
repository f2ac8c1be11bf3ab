import { type Document, MongoServerError, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestTarget, type TestTarget } from './target.ts';

interface UpdateCase {
  readonly label: string;
  readonly update: Document;
  readonly arrayFilters?: Document[];
  readonly code: number;
  readonly message: string;
}

const cases: UpdateCase[] = [
  {
    label: 'a path that is a prefix of another',
    update: { $pull: { list: { x: 1 } }, $set: { 'list.$[e].b': 1 } },
    arrayFilters: [{ 'e.x': 2 }],
    code: 40,
    message: "would create a conflict at 'list'",
  },
  {
    label: 'the same path twice',
    update: { $set: { name: 'a' }, $inc: { name: 1 } },
    code: 40,
    message: "Updating the path 'name' would create a conflict at 'name'",
  },
  {
    label: 'an array filter that is not used',
    update: { $set: { 'list.$[e].b': 1 } },
    arrayFilters: [{ 'e.x': 1 }, { 'unused.x': 1 }],
    code: 9,
    message: "The array filter for identifier 'unused' was not used in the update",
  },
  {
    label: 'an identifier without an array filter',
    update: { $set: { 'list.$[missing].b': 1 } },
    code: 2,
    message: "No array filter found for identifier 'missing'",
  },
  {
    label: '$inc on a string',
    update: { $inc: { name: 1 } },
    code: 14,
    message: 'Cannot apply $inc to a value of non-numeric type',
  },
  {
    label: '$inc with a string argument',
    update: { $inc: { count: 'one' } },
    code: 14,
    message: 'Cannot increment with non-numeric argument',
  },
  {
    label: '$pull on a non-array field',
    update: { $pull: { name: 'x' } },
    code: 2,
    message: 'Cannot apply $pull to a non-array value',
  },
  {
    label: '$push on a non-array field',
    update: { $push: { name: 'x' } },
    code: 2,
    message: "The field 'name' must be an array but is of type string",
  },
  {
    label: '$[e] on a missing array',
    update: { $set: { 'absent.$[e].b': 1 } },
    arrayFilters: [{ 'e.x': 1 }],
    code: 2,
    message: "The path 'absent' must exist in the document in order to apply array updates.",
  },
  {
    label: '$[e] on a non-array field',
    update: { $set: { 'name.$[e].b': 1 } },
    arrayFilters: [{ 'e.x': 1 }],
    code: 2,
    message: 'Cannot apply array updates to non-array element',
  },
  {
    label: 'an unknown update operator',
    update: { $frobnicate: { name: 1 } },
    code: 9,
    message: 'Unknown modifier: $frobnicate',
  },
  {
    label: 'operators mixed with plain fields',
    update: { $set: { name: 'b' }, plain: 1 },
    code: 9,
    message: 'Unknown modifier: plain',
  },
  {
    label: 'a change of _id',
    update: { $set: { _id: 'other' } },
    code: 66,
    message: "Performing an update on the path '_id' would modify the immutable field '_id'",
  },
  {
    label: 'a field inside a string',
    update: { $set: { 'name.first': 'x' } },
    code: 28,
    message: "Cannot create field 'first' in element",
  },
];

describe('update strictness', () => {
  let target: TestTarget;
  const id = new ObjectId();
  const original = {
    _id: id,
    name: 'lead',
    count: 1,
    list: [
      { x: 1, b: 0 },
      { x: 2, b: 0 },
    ],
  };

  beforeAll(async () => {
    target = await connectTestTarget();
    await target.db.collection('strict').insertOne(original);
  });

  afterAll(async () => {
    await target.close();
  });

  it.each(cases)(
    'rejects $label with code $code and leaves the document unchanged',
    async ({ update, arrayFilters, code, message }) => {
      // Act
      const error = await target.db
        .collection('strict')
        .updateOne({ _id: id }, update, arrayFilters ? { arrayFilters } : {})
        .catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(MongoServerError);
      expect((error as MongoServerError).code).toBe(code);
      expect((error as MongoServerError).message).toContain(message);
      expect(await target.db.collection('strict').findOne({ _id: id })).toEqual(original);
    },
  );

  it.each([
    { label: 'an unknown query operator', filter: { name: { $frobnicate: 1 } }, code: 2 },
    {
      label: '$size of a missing field inside $expr',
      filter: { $expr: { $gt: [{ $size: '$absent' }, 0] } },
      code: 17124,
    },
  ])('rejects a query with $label (code $code)', async ({ filter, code }) => {
    // Act
    const error = await target.db
      .collection('strict')
      .find(filter as Document)
      .toArray()
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as MongoServerError).code).toBe(code);
  });
});
