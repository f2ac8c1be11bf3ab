import fc from 'fast-check';
import {
  ageBuckets,
  countNames,
  invalidKinds,
  leadTypeCountNames,
  leadTypeKeys,
  orphanedKinds,
  type BatchStatistics,
  type CollectContext,
} from '#shared/core/analytics/index.ts';
import type { BsonTypeName } from '#shared/core/bson-type.ts';
import type { EntryDigest, LeadDigest } from '#shared/core/session-digest.ts';

const dayMs = 86_400_000;
export const propertyNow = new Date('2026-12-01T04:00:00.000Z');

/** The context every property uses: the report run of 1 December for November. */
export const propertyContext: CollectContext = {
  now: propertyNow,
  policy: { sessionExpiryDays: 30, compressionAfterDays: 7, maxSessionsPerLead: 3 },
  period: { start: new Date('2026-11-01T00:00:00.000Z'), end: new Date('2026-12-01T00:00:00.000Z') },
};

/** A few session ids, so that leads repeat them (current pair, repeated history entries, dangling pointers). */
const sessionId = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('session_a', 'session_b', 'session_c', 'session_d') },
  { weight: 1, arbitrary: fc.constantFrom(undefined, '', 7) },
);

/** Mostly valid dates around `now` (up to 120 days before, a day after), and the stored oddities. */
const storedDate = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.integer({ min: -120 * dayMs, max: dayMs }).map((ms) => new Date(propertyNow.getTime() + ms)),
  },
  { weight: 1, arbitrary: fc.constantFrom(undefined, '2026-11-01T00:00:00Z', new Date(Number.NaN)) },
);

const payloadType = fc.constantFrom<BsonTypeName>('object', 'object', 'object', 'missing', 'string');

/** The digest of one stored entry, with every shape the contract lists. */
export const entryDigest: fc.Arbitrary<EntryDigest> = fc.record({
  entryType: fc.constantFrom<BsonTypeName>('object', 'object', 'object', 'object', 'object', 'string', 'null'),
  sessionId,
  createdAt: storedDate,
  lastAccessedAt: storedDate,
  isActive: fc.constantFrom(true, false, undefined),
  cookiesType: fc.constantFrom<BsonTypeName>('array', 'array', 'array', 'missing', 'string', 'object'),
  cookieCount: fc.nat(40),
  cookiesWithoutNameOrValue: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(3) }),
  localStorageType: payloadType,
  sessionStorageType: payloadType,
  encryptedFields: fc.oneof(
    { weight: 5, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) },
  ),
  viewportType: fc.constantFrom<BsonTypeName>('object', 'missing', 'string'),
  compressed: fc.option(fc.record({ originalBytes: fc.nat(200_000), storedBytes: fc.nat(60_000) }), { freq: 3 }),
  bsonBytes: fc.nat(120_000),
});

/** A lead as the database digest describes it: any mix of current session, phantoms, history and pointers. */
export const leadDigest: fc.Arbitrary<LeadDigest> = fc
  .record({
    _id: fc.uint8Array({ minLength: 12, maxLength: 12 }).map((bytes) => Buffer.from(bytes).toString('hex')),
    leadType: fc.constantFrom('ftd', 'filler', 'cold', 'live', 'vip', undefined),
    currentSessionId: fc.oneof(sessionId, fc.constant(null)),
    browserSession: fc.option(entryDigest, { freq: 2 }),
    historyType: fc.constantFrom<BsonTypeName>('array', 'array', 'array', 'array', 'missing', 'string'),
    sessionHistory: fc.array(entryDigest, { maxLength: 8 }),
  })
  .map((lead) => (lead.historyType === 'array' ? lead : { ...lead, sessionHistory: [] }));

const isoDate = fc
  .integer({ min: -200 * dayMs, max: dayMs })
  .map((ms) => new Date(propertyNow.getTime() + ms).toISOString());

function countRecord<Key extends string>(keys: readonly Key[]): fc.Arbitrary<Record<Key, number>> {
  return fc
    .tuple(...keys.map(() => fc.nat(1_000_000)))
    .map((values) => Object.fromEntries(keys.map((key, index) => [key, values[index] ?? 0])) as Record<Key, number>);
}

/** Any well-formed statistics, not only those leads can produce: the merge laws must hold for all of them. */
export const arbitraryStatistics: fc.Arbitrary<BatchStatistics> = fc.record({
  counts: countRecord(countNames),
  byLeadType: fc
    .tuple(...leadTypeKeys.map(() => countRecord(leadTypeCountNames)))
    .map(
      (records) =>
        Object.fromEntries(leadTypeKeys.map((type, index) => [type, records[index]])) as BatchStatistics['byLeadType'],
    ),
  invalidByKind: countRecord(invalidKinds),
  orphanedByKind: countRecord(orphanedKinds),
  ageHistogram: countRecord(ageBuckets),
  mostRecentSessionAt: fc.option(isoDate),
  largestSessionBytes: fc.nat(10_000_000),
  readLatencyHistogram: fc.dictionary(fc.nat(161).map(String), fc.integer({ min: 1, max: 1000 }), { maxKeys: 12 }),
  maxReadLatencyMs: fc.option(fc.double({ min: 0, max: 3_600_000, noNaN: true }).map(Math.abs)),
});
