import { ObjectId, type Document } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectTestTarget, type TestTarget } from './target.ts';

/**
 * `$elemMatch` in find and update filters, as MongoDB evaluates it (this suite also runs against a real MongoDB with
 * MONGODB_URI): the object form with field conditions skips array elements that are not documents; the value
 * form (operators only) tests every element.
 */
describe('$elemMatch in filters', () => {
  let target: TestTarget;
  const withStringCookie = new ObjectId();
  const withNamelessCookie = new ObjectId();
  const withValidCookie = new ObjectId();

  beforeAll(async () => {
    target = await connectTestTarget();
  });
  afterAll(async () => {
    await target.close();
  });
  beforeEach(async () => {
    const leads = target.db.collection('leads');
    await leads.deleteMany({});
    await leads.insertMany([
      { _id: withStringCookie, cookies: ['session=abc', 42, null] },
      { _id: withNamelessCookie, cookies: ['session=abc', { value: 'v' }] },
      { _id: withValidCookie, cookies: [{ name: 'n', value: 'v' }] },
    ]);
  });

  const idsMatching = async (filter: Document): Promise<string[]> =>
    (
      await target.db
        .collection('leads')
        .find(filter, { sort: { _id: 1 } })
        .toArray()
    ).map((lead) => String(lead._id));

  it.each([
    ['a negated field condition', { cookies: { $elemMatch: { name: { $not: { $type: 'string' } } } } }],
    ['a missing-field condition', { cookies: { $elemMatch: { name: { $exists: false } } } }],
    ['an $or of field conditions', { cookies: { $elemMatch: { $or: [{ name: null }, { value: null }] } } }],
  ])('the object form with %s skips elements that are not documents', async (_name, filter) => {
    // Act
    const matched = await idsMatching(filter);

    // Assess: only the lead with a document cookie lacking a name matches; strings, numbers and null are skipped.
    expect(matched).toEqual([String(withNamelessCookie)]);
  });

  it('the value form tests every element, documents or not', async () => {
    // Act
    const matched = await idsMatching({ cookies: { $elemMatch: { $not: { $type: 'object' } } } });

    // Assess
    expect(matched).toEqual([String(withStringCookie), String(withNamelessCookie)]);
  });

  it('an update filtered by the object form leaves a lead whose only non-matching elements are not documents', async () => {
    // Act
    const result = await target.db
      .collection('leads')
      .updateMany({ cookies: { $elemMatch: { name: { $not: { $type: 'string' } } } } }, { $set: { flagged: true } });

    // Assess
    expect({ matched: result.matchedCount, modified: result.modifiedCount }).toEqual({ matched: 1, modified: 1 });
    expect(await idsMatching({ flagged: true })).toEqual([String(withNamelessCookie)]);
  });
});
