import { describe, expect, it } from 'vitest';
import {
  parseLet,
  substituteExpression,
  substituteFilter,
  substitutePipeline,
} from '#local/embedded-mongo/commands/let-variables.ts';

const variables = new Map<string, unknown>([
  ['limit', 5],
  ['owner', { name: 'Ada', tags: ['a', 'b'] }],
]);

describe('let variables', () => {
  it('are evaluated once, as expressions without a document', () => {
    // Act
    const parsed = parseLet({ sum: { $add: [1, 2] }, text: { $literal: '$$x' } });

    // Assess
    expect(parsed).toEqual(
      new Map<string, unknown>([
        ['sum', 3],
        ['text', '$$x'],
      ]),
    );
  });

  it('refuse a name that does not start with a lower-case letter, like MongoDB', () => {
    expect(() => parseLet({ Limit: 1 })).toThrow("'Limit' starts with an invalid character for a user variable name");
  });

  it('replace $$name and $$name.path with literals, leaving system variables and fields alone', () => {
    // Act
    const substituted = substituteExpression(
      { $gt: ['$qty', '$$limit'], who: '$$owner.name', now: '$$NOW', tags: '$$owner.tags' },
      variables,
    );

    // Assess
    expect(substituted).toEqual({
      $gt: ['$qty', { $literal: 5 }],
      who: { $literal: 'Ada' },
      now: '$$NOW',
      tags: { $literal: ['a', 'b'] },
    });
  });

  it('are shadowed by $let, $map, $filter and $reduce that rebind the name', () => {
    // Act
    const substituted = substituteExpression(
      {
        let: { $let: { vars: { limit: '$$limit' }, in: '$$limit' } },
        map: { $map: { input: '$$owner.tags', as: 'limit', in: '$$limit' } },
        filter: { $filter: { input: '$xs', cond: { $gt: ['$$this', '$$limit'] } } },
        reduce: { $reduce: { input: '$xs', initialValue: '$$limit', in: { $add: ['$$value', '$$this'] } } },
      },
      variables,
    );

    // Assess
    expect(substituted).toEqual({
      let: { $let: { vars: { limit: { $literal: 5 } }, in: '$$limit' } },
      map: { $map: { input: { $literal: ['a', 'b'] }, as: 'limit', in: '$$limit' } },
      filter: { $filter: { input: '$xs', cond: { $gt: ['$$this', { $literal: 5 }] } } },
      reduce: { $reduce: { input: '$xs', initialValue: { $literal: 5 }, in: { $add: ['$$value', '$$this'] } } },
    });
  });

  it('reach only the $expr parts of a filter: elsewhere "$$limit" is a plain string, as in MongoDB', () => {
    // Act
    const filter = substituteFilter(
      { label: '$$limit', $or: [{ $expr: { $lt: ['$qty', '$$limit'] } }, { other: '$$limit' }] },
      variables,
    );

    // Assess
    expect(filter).toEqual({
      label: '$$limit',
      $or: [{ $expr: { $lt: ['$qty', { $literal: 5 }] } }, { other: '$$limit' }],
    });
  });

  it('reach sub-pipelines of $lookup (minus its own let names) and $facet', () => {
    // Act
    const [lookup, facet] = substitutePipeline(
      [
        {
          $lookup: {
            from: 'b',
            let: { owner: '$owner' },
            pipeline: [{ $match: { $expr: { $and: ['$$owner', '$$limit'] } } }],
            as: 'joined',
          },
        },
        { $facet: { small: [{ $match: { $expr: { $lt: ['$qty', '$$limit'] } } }] } },
      ],
      variables,
    );

    // Assess
    expect(lookup).toEqual({
      $lookup: {
        from: 'b',
        let: { owner: '$owner' },
        pipeline: [{ $match: { $expr: { $and: ['$$owner', { $literal: 5 }] } } }],
        as: 'joined',
      },
    });
    expect(facet).toEqual({ $facet: { small: [{ $match: { $expr: { $lt: ['$qty', { $literal: 5 }] } } }] } });
  });
});
