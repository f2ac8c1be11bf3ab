import { type Document, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestTarget, type TestTarget } from './target.ts';

const when = new Date('2026-03-01T00:00:00.000Z');
const id = new ObjectId();
const lead = {
  _id: id,
  n: 5,
  s: 'x',
  arr: [1, 2, 3],
  docs: [{ a: 1 }, { a: 'x' }, { b: 2 }],
  nested: { k: null },
  d: when,
};

const cases: { label: string; expression: unknown; expected: unknown }[] = [
  { label: '$type of a missing field', expression: { $type: '$missing' }, expected: 'missing' },
  { label: '$type of null', expression: { $type: '$nested.k' }, expected: 'null' },
  { label: '$type of an array', expression: { $type: '$arr' }, expected: 'array' },
  { label: '$type of a date', expression: { $type: '$d' }, expected: 'date' },
  { label: '$type of an ObjectId', expression: { $type: '$_id' }, expected: 'objectId' },
  { label: '$type of a document', expression: { $type: '$nested' }, expected: 'object' },
  { label: '$type of an int', expression: { $type: '$n' }, expected: 'int' },
  { label: '$size of an array', expression: { $size: '$arr' }, expected: 3 },
  { label: '$cond with $isArray', expression: { $cond: [{ $isArray: '$arr' }, 'yes', 'no'] }, expected: 'yes' },
  { label: '$cond on a missing field', expression: { $cond: { if: '$missing', then: 1, else: 2 } }, expected: 2 },
  { label: '$cond on an empty string (truthy)', expression: { $cond: ['', 1, 2] }, expected: 1 },
  {
    label: '$filter with $type of a variable path',
    expression: { $filter: { input: '$docs', as: 'd', cond: { $eq: [{ $type: '$$d.a' }, 'string'] } } },
    expected: [{ a: 'x' }],
  },
  {
    label: '$map with $add',
    expression: { $map: { input: '$arr', as: 'v', in: { $add: ['$$v', 10] } } },
    expected: [11, 12, 13],
  },
  { label: '$let with $gt', expression: { $let: { vars: { t: '$n' }, in: { $gt: ['$$t', 4] } } }, expected: true },
  { label: '$in', expression: { $in: ['x', ['a', 'x']] }, expected: true },
  { label: 'missing below null in $lt', expression: { $lt: ['$missing', null] }, expected: true },
  { label: 'missing not equal to null', expression: { $eq: ['$missing', null] }, expected: false },
  { label: '$and of truthy values', expression: { $and: [true, 1, 'a'] }, expected: true },
  { label: '$or of falsy values', expression: { $or: [false, null, 0, '$missing'] }, expected: false },
  { label: '$not of 0', expression: { $not: [0] }, expected: true },
  { label: '$ne', expression: { $ne: ['$n', 5] }, expected: false },
  { label: '$ifNull', expression: { $ifNull: ['$missing', 'fallback'] }, expected: 'fallback' },
  { label: '$add to a date', expression: { $add: ['$d', 1000] }, expected: new Date(when.getTime() + 1000) },
  { label: 'a path through an array of documents', expression: '$docs.a', expected: [1, 'x'] },
  {
    label: '$size of a $filter',
    expression: { $size: { $filter: { input: '$arr', as: 'v', cond: { $gte: ['$$v', 2] } } } },
    expected: 2,
  },
  { label: 'an operator the compiler leaves to mingo', expression: { $concat: ['a', '$s'] }, expected: 'ax' },
  {
    label: 'a document of expressions',
    expression: { t: { $type: '$s' }, size: { $size: '$docs' } },
    expected: { t: 'string', size: 3 },
  },
];

describe('aggregation expressions in $project', () => {
  let target: TestTarget;

  beforeAll(async () => {
    target = await connectTestTarget();
    await target.db.collection('expressions').insertOne(lead);
  });

  afterAll(async () => {
    await target.close();
  });

  it.each(cases)('evaluates $label', async ({ expression, expected }) => {
    // Act
    const [result] = await target.db
      .collection('expressions')
      .aggregate([{ $match: { _id: id } }, { $project: { _id: 0, value: expression } }])
      .toArray();

    // Assess
    expect(result).toEqual({ value: expected });
  });

  it('leaves a field out when its expression gives $$REMOVE', async () => {
    // Act
    const [result] = await target.db
      .collection('expressions')
      .aggregate([{ $project: { s: 1, gone: { $cond: [false, 1, '$$REMOVE'] } } }])
      .toArray();

    // Assess
    expect(result).toEqual({ _id: id, s: 'x' });
  });

  it('keeps included fields in document order, then computed fields in the order given', async () => {
    // Act
    const [result] = await target.db
      .collection('expressions')
      .aggregate([{ $project: { computed: { $literal: 1 }, s: 1, n: 1 } }])
      .toArray();

    // Assess
    expect(Object.keys(result as Document)).toEqual(['_id', 'n', 's', 'computed']);
  });

  it('adds, replaces and removes fields with $addFields and $unset', async () => {
    // Act
    const [result] = await target.db
      .collection('expressions')
      .aggregate([{ $addFields: { n: { $add: ['$n', 1] }, extra: true } }, { $unset: ['docs', 'arr', 'nested', 'd'] }])
      .toArray();

    // Assess
    expect(result).toEqual({ _id: id, n: 6, s: 'x', extra: true });
  });

  it('rejects $size of a missing field with code 17124', async () => {
    // Act
    const error = await target.db
      .collection('expressions')
      .aggregate([{ $project: { value: { $size: '$missing' } } }])
      .toArray()
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as { code: number }).code).toBe(17124);
  });
});
