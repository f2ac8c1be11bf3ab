import { BSON, Double } from 'bson';
import { describe, expect, it } from 'vitest';
import type { FieldSelection } from '#local/embedded-mongo/bson/field-selection.ts';
import { promoteSelected } from '#local/embedded-mongo/bson/promote-selected.ts';
import { typedSourceOf } from '#local/embedded-mongo/bson/promote.ts';
import { expressionSelection } from '#local/embedded-mongo/query/expression-selection.ts';
import { querySelection } from '#local/embedded-mongo/query/query-selection.ts';

/** A selection as a plain object, for readable expectations ('all' stays 'all'). */
function plain(selection: FieldSelection | undefined): unknown {
  if (selection === undefined || selection === 'all') return selection;
  return Object.fromEntries([...selection].map(([name, inner]) => [name, plain(inner)]));
}

describe('what a query filter reads', () => {
  it.each([
    { filter: { sessionHistory: { $elemMatch: { sessionId: 'x' } } }, reads: { sessionHistory: { sessionId: 'all' } } },
    { filter: { 'a.b': 1, 'a.c': { $exists: true } }, reads: { a: { b: 'all', c: {} } } },
    { filter: { $or: [{ a: 1 }, { 'b.c': { $size: 2 } }] }, reads: { a: 'all', b: { c: {} } } },
    { filter: { h: { $elemMatch: { $gte: 7 } } }, reads: { h: 'all' } },
    { filter: { h: { $elemMatch: { s: 'x' }, $size: 2 } }, reads: { h: { s: 'all' } } },
    { filter: { h: { s: 'x' } }, reads: { h: 'all' } },
    { filter: { h: { $type: 'int' } }, reads: undefined },
    { filter: { $where: 'true' }, reads: undefined },
  ])('$filter reads $reads', ({ filter, reads }) => {
    expect(plain(querySelection(filter))).toEqual(reads);
  });
});

describe('what an aggregation expression reads', () => {
  it('reads of each history entry only the fields the count condition names', () => {
    // Prepare: the daily job's count of the entries a pull takes.
    const expression = {
      $eq: [
        {
          $size: {
            $filter: {
              input: { $cond: [{ $isArray: '$sessionHistory' }, '$sessionHistory', []] },
              as: 'e',
              cond: {
                $and: [
                  { $eq: [{ $type: '$$e' }, 'object'] },
                  { $in: ['$$e.sessionId', ['a', 'b']] },
                  { $lt: ['$$e.createdAt', new Date(0)] },
                  { $ne: [{ $type: '$$e.cookies' }, 'array'] },
                ],
              },
            },
          },
        },
        2,
      ],
    };

    // Act and Assess
    expect(plain(expressionSelection(expression))).toEqual({
      sessionHistory: { sessionId: 'all', createdAt: 'all', cookies: {} },
    });
  });

  it.each([
    { expression: { $size: { $filter: { input: '$h', as: 'e', cond: { $eq: ['$$e', 1] } } } }, reads: { h: 'all' } },
    { expression: { $size: { $filter: { input: '$h', cond: '$$this.a' } } }, reads: { h: { a: {} } } },
    { expression: { $bsonSize: '$$ROOT' }, reads: undefined },
    { expression: { $let: { vars: { x: '$a' }, in: '$$x.b' } }, reads: { a: 'all' } },
    { expression: { $map: { input: '$h', as: 'e', in: '$$e.a' } }, reads: { h: { a: 'all' } } },
    { expression: { $literal: '$a' }, reads: {} },
  ])('$expression reads $reads', ({ expression, reads }) => {
    expect(plain(expressionSelection(expression))).toEqual(reads);
  });
});

describe('decoding along a selection', () => {
  it('decodes only the selected fields of each document element, and keeps the stored types reachable', () => {
    // Prepare
    const raw = BSON.serialize({
      other: 'skipped',
      h: [{ s: 'x', c: new Double(2), cookies: [{ name: 'n', value: 'v' }] }, 'text', [{ s: 'nested' }]],
    });

    // Act
    const decoded = promoteSelected(Buffer.from(raw), 0, new Map([['h', new Map([['c', 'all' as const]])]]));

    // Assess: non-document elements whole; the element's stored bytes still say Double.
    expect(decoded).toEqual({ h: [{ c: 2 }, 'text', [{ s: 'nested' }]] });
    const first = (decoded['h'] as object[])[0] as object;
    const source = typedSourceOf(first);
    expect(source === undefined ? undefined : BSON.deserialize(source, { promoteValues: false })['c']).toBeInstanceOf(
      Double,
    );
  });
});
