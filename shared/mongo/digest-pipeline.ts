import type { Document } from 'mongodb';

/**
 * Aggregation expressions that compute, inside the database, the same digest as `digestEntry` in the core
 * (shared/core/session-digest.ts): types, counts, dates and sizes, never a cookie or storage value. A conformance
 * test compares the two on generated leads.
 */

const typeOf = (path: string): Document => ({ $type: path });
const isType = (path: string, type: string): Document => ({ $eq: [typeOf(path), type] });
const payloadTypeAllowed = (path: string): Document => ({ $in: [typeOf(path), ['object', 'missing']] });

function cookiesWithoutNameOrValue(entry: string): Document {
  return {
    $cond: [
      { $isArray: `${entry}.cookies` },
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

const encryptedFlag = (path: string): Document => ({
  $cond: [{ $and: [isType(path, 'object'), { $eq: [`${path}._encrypted`, true] }] }, 1, 0],
});

/**
 * True when an entry might be removed by the daily rules, so its stored copy must travel for the archive.
 * It over-approximates the planner (e.g. every entry of a lead over the history limit); values of sessions that
 * are certainly kept never leave the database.
 */
function removalCandidate(entry: string, cutoff: Date, leadOverLimit: Document | boolean): Document {
  return {
    $or: [
      { $ne: [typeOf(entry), 'object'] },
      { $ne: [typeOf(`${entry}.sessionId`), 'string'] },
      { $eq: [`${entry}.sessionId`, ''] },
      { $ne: [typeOf(`${entry}.createdAt`), 'date'] },
      { $lt: [`${entry}.createdAt`, cutoff] },
      // Cookies stored as a document are invalid unless encrypted (core: invalidKindOf, 'cookies-not-array').
      {
        $and: [
          { $not: [{ $in: [typeOf(`${entry}.cookies`), ['array', 'missing']] }] },
          { $ne: [encryptedFlag(`${entry}.cookies`), 1] },
        ],
      },
      { $gt: [cookiesWithoutNameOrValue(entry), 0] },
      { $not: [payloadTypeAllowed(`${entry}.localStorage`)] },
      { $not: [payloadTypeAllowed(`${entry}.sessionStorage`)] },
      leadOverLimit,
    ],
  };
}

/** The digest of the entry bound to `entry` (e.g. "$$entry"), plus its stored copy when `stored` is true. */
export function entryDigestExpression(entry: string, stored: Document | boolean): Document {
  return {
    entryType: typeOf(entry),
    sessionId: `${entry}.sessionId`,
    createdAt: `${entry}.createdAt`,
    lastAccessedAt: `${entry}.lastAccessedAt`,
    isActive: `${entry}.isActive`,
    cookiesType: typeOf(`${entry}.cookies`),
    cookieCount: { $cond: [{ $isArray: `${entry}.cookies` }, { $size: `${entry}.cookies` }, 0] },
    cookiesWithoutNameOrValue: cookiesWithoutNameOrValue(entry),
    localStorageType: typeOf(`${entry}.localStorage`),
    sessionStorageType: typeOf(`${entry}.sessionStorage`),
    encryptedFields: {
      $add: [
        encryptedFlag(`${entry}.cookies`),
        encryptedFlag(`${entry}.localStorage`),
        encryptedFlag(`${entry}.sessionStorage`),
      ],
    },
    viewportType: typeOf(`${entry}.viewport`),
    compressed: {
      $cond: [
        isType(`${entry}.compressedPayload`, 'object'),
        {
          originalBytes: `${entry}.compressedPayload.originalBytes`,
          storedBytes: `${entry}.compressedPayload.storedBytes`,
        },
        null,
      ],
    },
    bsonBytes: { $cond: [isType(entry, 'object'), { $bsonSize: entry }, 0] },
    stored: { $cond: [stored, entry, '$$REMOVE'] },
  };
}

export interface DigestProjectionOptions {
  /** Attach stored copies of removal candidates (daily job) computed against this expiry cutoff. */
  readonly archiveCandidates: { readonly cutoff: Date; readonly maxSessionsPerLead: number } | null;
}

/** `$project` stage that turns each lead into its digest (the LeadDigest shape, with optional stored copies). */
export function digestProjectionStage(options: DigestProjectionOptions): Document {
  const candidates = options.archiveCandidates;
  const overLimit =
    candidates === null
      ? false
      : {
          $gt: [
            { $cond: [{ $isArray: '$sessionHistory' }, { $size: '$sessionHistory' }, 0] },
            candidates.maxSessionsPerLead,
          ],
        };
  const storedIf = (entry: string): Document | boolean =>
    candidates === null ? false : removalCandidate(entry, candidates.cutoff, entry === '$$entry' ? overLimit : false);
  return {
    $project: {
      leadType: 1,
      currentSessionId: 1,
      historyType: typeOf('$sessionHistory'),
      browserSession: {
        $cond: [
          isType('$browserSession', 'missing'),
          null,
          {
            $let: {
              vars: { current: '$browserSession' },
              in: entryDigestExpression('$$current', storedIf('$$current')),
            },
          },
        ],
      },
      sessionHistory: {
        $cond: [
          { $isArray: '$sessionHistory' },
          {
            $map: { input: '$sessionHistory', as: 'entry', in: entryDigestExpression('$$entry', storedIf('$$entry')) },
          },
          [],
        ],
      },
    },
  };
}

/** Leads that hold anything session-related; the others need no work and are not transferred. */
export const hasSessionFilter: Document = {
  $or: [
    { browserSession: { $exists: true } },
    { 'sessionHistory.0': { $exists: true } },
    { sessionHistory: { $exists: true, $not: { $type: 'array' } } },
    { currentSessionId: { $type: 'string' } },
  ],
};
