import type { Document } from 'mongodb';

/**
 * Aggregation expressions that compute, inside the database, the same digest as `digestEntry` in the core
 * (shared/core/session-digest.ts): types, counts, dates and sizes, never a cookie or storage value. A conformance
 * test compares the two on generated leads.
 *
 * Each expression that costs more than a field read is evaluated once per entry: the entry's type and its payload
 * fields' types are bound by one `$let`, and every field of the digest derives from those variables. The cookie
 * `$filter` (a pass over every cookie) appears once, in `cookiesWithoutNameOrValue`.
 */

const typeOf = (path: string): Document => ({ $type: path });
const is = (variable: string, type: string): Document => ({ $eq: [variable, type] });

/** Variables bound once per entry by {@link entryDigestExpression}. */
const bound = {
  entryType: '$$entryType',
  cookiesType: '$$cookiesType',
  localStorageType: '$$localStorageType',
  sessionStorageType: '$$sessionStorageType',
} as const;

function cookiesWithoutNameOrValue(entry: string): Document {
  return {
    $cond: [
      is(bound.cookiesType, 'array'),
      {
        $size: {
          $filter: {
            input: `${entry}.cookies`,
            as: 'cookie',
            cond: {
              $or: [
                { $ne: [typeOf('$$cookie'), 'object'] },
                { $ne: [typeOf('$$cookie.name'), 'string'] },
                { $ne: [typeOf('$$cookie.value'), 'string'] },
              ],
            },
          },
        },
      },
      0,
    ],
  };
}

/** 1 when the payload field (whose type is bound to `typeVariable`) holds an encrypted envelope, else 0. */
const encryptedFlag = (path: string, typeVariable: string): Document => ({
  $cond: [{ $and: [is(typeVariable, 'object'), { $eq: [`${path}._encrypted`, true] }] }, 1, 0],
});

/** The digest of the entry bound to `entry` (e.g. "$$entry"). */
export function entryDigestExpression(entry: string): Document {
  return {
    $let: {
      vars: {
        entryType: typeOf(entry),
        cookiesType: typeOf(`${entry}.cookies`),
        localStorageType: typeOf(`${entry}.localStorage`),
        sessionStorageType: typeOf(`${entry}.sessionStorage`),
      },
      in: {
        entryType: bound.entryType,
        sessionId: `${entry}.sessionId`,
        createdAt: `${entry}.createdAt`,
        lastAccessedAt: `${entry}.lastAccessedAt`,
        isActive: `${entry}.isActive`,
        cookiesType: bound.cookiesType,
        cookieCount: { $cond: [is(bound.cookiesType, 'array'), { $size: `${entry}.cookies` }, 0] },
        cookiesWithoutNameOrValue: cookiesWithoutNameOrValue(entry),
        localStorageType: bound.localStorageType,
        sessionStorageType: bound.sessionStorageType,
        encryptedFields: {
          $add: [
            encryptedFlag(`${entry}.cookies`, bound.cookiesType),
            encryptedFlag(`${entry}.localStorage`, bound.localStorageType),
            encryptedFlag(`${entry}.sessionStorage`, bound.sessionStorageType),
          ],
        },
        viewportType: typeOf(`${entry}.viewport`),
        compressed: {
          $cond: [
            { $eq: [typeOf(`${entry}.compressedPayload`), 'object'] },
            {
              originalBytes: `${entry}.compressedPayload.originalBytes`,
              storedBytes: `${entry}.compressedPayload.storedBytes`,
            },
            null,
          ],
        },
        bsonBytes: { $cond: [is(bound.entryType, 'object'), { $bsonSize: entry }, 0] },
      },
    },
  };
}

/**
 * `$project` stage that turns each lead into its digest (the LeadDigest shape). It carries no stored copy: the
 * daily job fetches the stored copies of the entries it will remove after planning (stored-entries.ts).
 */
export const digestProjectionStage: Document = {
  $project: {
    leadType: 1,
    currentSessionId: 1,
    historyType: typeOf('$sessionHistory'),
    browserSession: {
      $cond: [
        { $eq: [typeOf('$browserSession'), 'missing'] },
        null,
        { $let: { vars: { current: '$browserSession' }, in: entryDigestExpression('$$current') } },
      ],
    },
    sessionHistory: {
      $cond: [
        { $isArray: '$sessionHistory' },
        { $map: { input: '$sessionHistory', as: 'entry', in: entryDigestExpression('$$entry') } },
        [],
      ],
    },
  },
};

/** Leads that hold anything session-related; the others need no work and are not transferred. */
export const hasSessionFilter: Document = {
  $or: [
    { browserSession: { $exists: true } },
    { 'sessionHistory.0': { $exists: true } },
    { sessionHistory: { $exists: true, $not: { $type: 'array' } } },
    { currentSessionId: { $type: 'string' } },
  ],
};
