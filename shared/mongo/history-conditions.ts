import type { Document } from 'mongodb';
import type { HistoryEntryCondition } from '#shared/core/daily-plan.ts';
import type { InvalidKind } from '#shared/core/session-model.ts';

/**
 * The daily job's `sessionHistory` removal conditions, grouped so that one lead's removals fit in one `$pull`:
 * every condition of the same kind (and cutoff, or invalid kind) becomes one `sessionId: {$in: [...]}` clause, so
 * the condition stays a handful of clauses however many sessions a lead loses, and each element is still pulled
 * only while it meets the rule that made it eligible.
 *
 * Each group has two spellings that must select the same elements: a query (the `$pull` condition) and an
 * aggregation expression (the filter's `$expr` that counts the elements the pull will take, which makes the lead's
 * statement all-or-nothing). Where the two could disagree (a value stored as an array, say) the count differs, the
 * statement misses, and the fallback statements apply the removals one guard shape at a time: a disagreement
 * costs a statement, never a wrong removal.
 */
export type HistoryConditionGroup =
  | { readonly kind: 'withoutSessionId' }
  | { readonly kind: 'createdAtNotDate'; readonly sessionIds: readonly string[] }
  | { readonly kind: 'createdAtBefore'; readonly sessionIds: readonly string[]; readonly cutoff: Date }
  | { readonly kind: 'invalid'; readonly sessionIds: readonly string[]; readonly invalid: InvalidKind }
  | { readonly kind: 'sessionId'; readonly sessionIds: readonly string[] };

function groupKey(condition: HistoryEntryCondition): string {
  switch (condition.kind) {
    case 'withoutSessionId':
    case 'createdAtNotDate':
    case 'sessionId':
      return condition.kind;
    case 'createdAtBefore':
      return `${condition.kind}:${condition.cutoff.getTime()}`;
    case 'invalid':
      return `${condition.kind}:${condition.invalid}`;
  }
}

/** Groups conditions by kind, keeping the order in which each kind first appears. */
export function groupHistoryConditions(conditions: readonly HistoryEntryCondition[]): HistoryConditionGroup[] {
  const groups = new Map<string, { condition: HistoryEntryCondition; sessionIds: string[] }>();
  for (const condition of conditions) {
    const key = groupKey(condition);
    const group = groups.get(key) ?? { condition, sessionIds: [] };
    if ('sessionId' in condition && !group.sessionIds.includes(condition.sessionId))
      group.sessionIds.push(condition.sessionId);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ condition, sessionIds }): HistoryConditionGroup => {
    switch (condition.kind) {
      case 'withoutSessionId':
        return { kind: 'withoutSessionId' };
      case 'createdAtBefore':
        return { kind: 'createdAtBefore', sessionIds, cutoff: condition.cutoff };
      case 'invalid':
        return { kind: 'invalid', sessionIds, invalid: condition.invalid };
      case 'createdAtNotDate':
      case 'sessionId':
        return { kind: condition.kind, sessionIds };
    }
  });
}

const missingSessionId: Document[] = [
  { sessionId: { $exists: false } },
  { sessionId: { $not: { $type: 'string' } } },
  { sessionId: '' },
];

/** Query conditions that an entry (under `prefix`, '' for an array element) is invalid for the given reason. */
export function invalidCondition(kind: InvalidKind, prefix: string): Document {
  const path = (field: string): string => `${prefix}${field}`;
  switch (kind) {
    case 'cookies-not-array':
      return {
        [path('cookies')]: { $exists: true, $not: { $type: 'array' } },
        [path('cookies._encrypted')]: { $ne: true },
      };
    case 'cookie-without-name-or-value':
      // MongoDB's `$elemMatch` on fields skips elements that are not documents: a cookie stored as a string needs
      // the value form of `$elemMatch` (the core counts it as a cookie without name or value).
      return {
        $or: [
          {
            [path('cookies')]: {
              $elemMatch: { $or: [{ name: { $not: { $type: 'string' } } }, { value: { $not: { $type: 'string' } } }] },
            },
          },
          { [path('cookies')]: { $elemMatch: { $not: { $type: 'object' } } } },
        ],
      };
    case 'local-storage-wrong-type':
      return storageWrongType(path('localStorage'));
    case 'session-storage-wrong-type':
      return storageWrongType(path('sessionStorage'));
  }
}

function storageWrongType(path: string): Document {
  return { $or: [{ [path]: { $exists: true, $not: { $type: 'object' } } }, { [path]: { $type: 'array' } }] };
}

/** Query conditions that a stored session without a session id meets (under `prefix`). */
export function missingSessionIdCondition(prefix: string): Document {
  return { $or: missingSessionId.map((clause) => prefixKeys(clause, prefix)) };
}

function prefixKeys(clause: Document, prefix: string): Document {
  return Object.fromEntries(Object.entries(clause).map(([key, value]) => [`${prefix}${key}`, value]));
}

const idIn = (sessionIds: readonly string[]): Document =>
  sessionIds.length === 1 ? { sessionId: sessionIds[0] } : { sessionId: { $in: [...sessionIds] } };

/** The `$pull` condition on one `sessionHistory` element for a group. */
export function groupQuery(group: HistoryConditionGroup): Document {
  switch (group.kind) {
    case 'withoutSessionId':
      return missingSessionIdCondition('');
    case 'createdAtNotDate':
      return { ...idIn(group.sessionIds), createdAt: { $not: { $type: 'date' } } };
    case 'createdAtBefore':
      return { ...idIn(group.sessionIds), createdAt: { $lt: group.cutoff } };
    case 'invalid':
      return { ...idIn(group.sessionIds), ...invalidCondition(group.invalid, '') };
    case 'sessionId':
      return idIn(group.sessionIds);
  }
}

/** The `$pull` condition for several groups: one clause, or an `$or` of them. */
export function historyPullCondition(groups: readonly HistoryConditionGroup[]): Document {
  const clauses = groups.map(groupQuery);
  return clauses.length === 1 ? (clauses[0] as Document) : { $or: clauses };
}

const typeOf = (path: string): Document => ({ $type: path });
const isType = (path: string, type: string): Document => ({ $eq: [typeOf(path), type] });
const notType = (path: string, type: string): Document => ({ $ne: [typeOf(path), type] });

/** `$$e.<field>` of the element being counted. */
const field = (name: string): string => `$$e.${name}`;

function storageWrongTypeExpression(path: string): Document {
  // Query `$type: 'object'` on an array matches an array holding an object; the `$type: 'array'` clause makes any
  // array wrong, so both spellings reduce to "present and not a plain object".
  return { $and: [notType(path, 'missing'), notType(path, 'object')] };
}

function invalidExpression(kind: InvalidKind): Document {
  switch (kind) {
    case 'cookies-not-array':
      return {
        $and: [
          notType(field('cookies'), 'missing'),
          notType(field('cookies'), 'array'),
          { $ne: [field('cookies._encrypted'), true] },
        ],
      };
    case 'cookie-without-name-or-value':
      return {
        $and: [
          { $isArray: field('cookies') },
          {
            $anyElementTrue: [
              {
                $map: {
                  input: field('cookies'),
                  as: 'cookie',
                  in: {
                    $or: [
                      notType('$$cookie', 'object'),
                      notType('$$cookie.name', 'string'),
                      notType('$$cookie.value', 'string'),
                    ],
                  },
                },
              },
            ],
          },
        ],
      };
    case 'local-storage-wrong-type':
      return storageWrongTypeExpression(field('localStorage'));
    case 'session-storage-wrong-type':
      return storageWrongTypeExpression(field('sessionStorage'));
  }
}

const idInExpression = (sessionIds: readonly string[]): Document => ({ $in: [field('sessionId'), [...sessionIds]] });

/** The aggregation expression, on the element `$$e`, that selects the same elements as `groupQuery`. */
export function groupExpression(group: HistoryConditionGroup): Document {
  switch (group.kind) {
    case 'withoutSessionId':
      return { $or: [notType(field('sessionId'), 'string'), { $eq: [field('sessionId'), ''] }] };
    case 'createdAtNotDate':
      return { $and: [idInExpression(group.sessionIds), notType(field('createdAt'), 'date')] };
    case 'createdAtBefore':
      return {
        $and: [
          idInExpression(group.sessionIds),
          isType(field('createdAt'), 'date'),
          { $lt: [field('createdAt'), group.cutoff] },
        ],
      };
    case 'invalid':
      return { $and: [idInExpression(group.sessionIds), invalidExpression(group.invalid)] };
    case 'sessionId':
      return idInExpression(group.sessionIds);
  }
}

/**
 * `$expr` that holds when exactly `count` document elements of `sessionHistory` meet `condition` (an expression on
 * the element `$$e`). Non-document elements never match a `$pull` condition or an array filter with field names, so
 * they are never counted.
 */
export function countedHistoryEntries(condition: Document, count: number): Document {
  return {
    $eq: [
      {
        $size: {
          $filter: {
            input: { $cond: [{ $isArray: '$sessionHistory' }, '$sessionHistory', []] },
            as: 'e',
            cond: { $and: [isType('$$e', 'object'), condition] },
          },
        },
      },
      count,
    ],
  };
}

/** `$expr` that holds when the `$pull` of the groups will remove exactly `count` entries. */
export function historyCountExpression(groups: readonly HistoryConditionGroup[], count: number): Document {
  const clauses = groups.map(groupExpression);
  return countedHistoryEntries(clauses.length === 1 ? (clauses[0] as Document) : { $or: clauses }, count);
}
