import {
  Binary,
  BSON,
  Code,
  DBRef,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  BSONRegExp,
  type Collection,
  type Document,
} from 'mongodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppIndexes } from '#local/demo/seed.ts';
import { openLocalEnvironment, type LocalEnvironment } from '#local/runner/local-environment.ts';
import { runJobLocally, type LocalJobRun } from '#local/runner/run-job.ts';
import { generateLeadArray } from '#shared/generator/index.ts';
import { readArchives, type ArchivedChange } from '#shared/jobs/archive.ts';
import type { JobName } from '#shared/jobs/run-context.ts';
import { cookie, daysAgo, now, session } from '../../support/lead-fixtures.ts';
import { deployedDefinition } from '../../support/local-stack.ts';

/**
 * Malformed lead documents (contract section 2, case 5, and worse), each next to normal leads. The reference time
 * of every run is the fixtures' `now` (a scheduled event for that slot), so runs are deterministic.
 */

/** What the daily job must do with the corrupted item of a kind. */
export type DailyFate =
  /** The corrupted session (id `corruptId(kind)`) is removed for this reason (and detail), and archived. */
  | { readonly removed: string; readonly detail?: string }
  /** It is left as stored; the note, when given, is counted in the report. */
  | { readonly kept: true; readonly note?: string };

export interface CorruptedKind {
  readonly kind: string;
  readonly lead: Document & { _id: unknown };
  readonly daily: DailyFate;
}

export const corruptId = (kind: string): string => `session_1732800000000_corrupt_${kind}`;
const healthyId = (kind: string): string => `session_1732800000000_healthy_${kind}`;

let idCounter = 0;
/** Ids that sort among the generated leads' ids (same era), so corrupted and normal leads share the batches. */
function interleavedId(): ObjectId {
  idCounter += 1;
  const seconds = Math.floor(daysAgo(200 - idCounter * 3).getTime() / 1000);
  return new ObjectId(`${seconds.toString(16).padStart(8, '0')}ee${idCounter.toString(16).padStart(14, '0')}`);
}

/** A lead holding one healthy current session (stored twice, as the app does) and the given extra fields. */
function leadWith(kind: string, fields: Document, options: { id?: unknown; history?: unknown[] } = {}): Document {
  const healthy = session(`healthy_${kind}`, { id: healthyId(kind), ageDays: 2, isActive: false });
  const current: Document = { ...healthy, isActive: true };
  delete current._id;
  return {
    _id: options.id ?? interleavedId(),
    leadType: 'ftd',
    firstName: 'Corrupt',
    __v: 1,
    browserSession: current,
    currentSessionId: healthyId(kind),
    sessionHistory: [healthy, ...(options.history ?? [])],
    ...fields,
  };
}

/** A history session of the kind, 5 days old (not expired), with `overrides` applied on top. */
function corrupt(kind: string, overrides: Document, ageDays = 5): Document {
  return { ...session(`corrupt_${kind}`, { id: corruptId(kind), ageDays }), ...overrides };
}

function nested(depth: number): Document {
  let value: Document = { leaf: 'bottom' };
  for (let level = 0; level < depth; level += 1) value = { [`level${depth - level}`]: value, a: level };
  return value;
}

/** One history entry whose localStorage takes the lead document to about `bytes` (BSON). */
function bigSession(kind: string, bytes: number, ageDays: number): Document {
  return session(`corrupt_${kind}`, { id: corruptId(kind), ageDays, localStorage: { blob: 'x'.repeat(bytes) } });
}

export function corruptedKinds(): CorruptedKind[] {
  const kinds: CorruptedKind[] = [];
  const add = (kind: string, daily: DailyFate, build: (kind: string) => Document): void => {
    kinds.push({ kind, daily, lead: build(kind) as Document & { _id: unknown } });
  };
  const kept = (note?: string): DailyFate => (note === undefined ? { kept: true } : { kept: true, note });
  const history = (entry: Document) => (kind: string) => leadWith(kind, {}, { history: [entry] });

  // browserSession of the wrong type (the healthy session then lives in history only).
  add('browser-session-string', kept('browser-session-not-document'), (k) => leadWith(k, { browserSession: 'oops' }));
  add('browser-session-array', kept('browser-session-not-document'), (k) => leadWith(k, { browserSession: [1, 2] }));
  add('browser-session-number', kept('browser-session-not-document'), (k) => leadWith(k, { browserSession: 42 }));
  // A DBRef is an embedded document without a session id: the phantom rule applies.
  add('browser-session-dbref', { removed: 'orphaned', detail: 'phantom-browser-session' }, (k) =>
    leadWith(k, { browserSession: new DBRef('leads', new ObjectId()) }),
  );
  // cookies
  add('cookies-string', { removed: 'invalid', detail: 'cookies-not-array' }, (k) =>
    history(corrupt(k, { cookies: 'sid=1; theme=dark' }))(k),
  );
  add('cookies-object', { removed: 'invalid', detail: 'cookies-not-array' }, (k) =>
    history(corrupt(k, { cookies: { sid: '1' } }))(k),
  );
  add('cookies-binary', { removed: 'invalid', detail: 'cookies-not-array' }, (k) =>
    history(corrupt(k, { cookies: new Binary(Buffer.from('sid=1')) }))(k),
  );
  add('cookie-entries-strings', { removed: 'invalid', detail: 'cookie-without-name-or-value' }, (k) =>
    history(corrupt(k, { cookies: ['sid=1', 'theme=dark'] }))(k),
  );
  add('cookie-entries-numbers', { removed: 'invalid', detail: 'cookie-without-name-or-value' }, (k) =>
    history(corrupt(k, { cookies: [1, 2.5, new Long(3)] }))(k),
  );
  add('cookie-entries-null', { removed: 'invalid', detail: 'cookie-without-name-or-value' }, (k) =>
    history(corrupt(k, { cookies: [null, cookie('sid', '1')] }))(k),
  );
  add('cookie-value-decimal128', { removed: 'invalid', detail: 'cookie-without-name-or-value' }, (k) =>
    history(corrupt(k, { cookies: [{ name: 'n', value: Decimal128.fromString('1.5') }] }))(k),
  );
  add('cookie-expires-string', kept(), (k) =>
    history(corrupt(k, { cookies: [cookie('sid', '1', { expires: 'tomorrow' })] }))(k),
  );
  add('cookie-expires-nan', kept(), (k) =>
    history(corrupt(k, { cookies: [cookie('sid', '1', { expires: new Double(Number.NaN) })] }))(k),
  );
  add('cookie-expires-huge', kept(), (k) =>
    history(
      corrupt(k, {
        cookies: [cookie('a', '1', { expires: new Date(8.64e15) }), cookie('b', '2', { expires: 1e308 })],
      }),
    )(k),
  );
  // storage
  add('local-storage-array', { removed: 'invalid', detail: 'local-storage-wrong-type' }, (k) =>
    history(corrupt(k, { localStorage: ['theme', 'dark'] }))(k),
  );
  add('local-storage-string', { removed: 'invalid', detail: 'local-storage-wrong-type' }, (k) =>
    history(corrupt(k, { localStorage: 'theme=dark' }))(k),
  );
  add('local-storage-regexp', kept(), (k) =>
    history(corrupt(k, { localStorage: { pattern: new BSONRegExp('^a.*', 'i'), code: new Code('x()') } }))(k),
  );
  add('session-storage-nested-85', kept(), (k) => history(corrupt(k, { sessionStorage: nested(85) }))(k));
  add('local-storage-nested-90', kept(), (k) => history(corrupt(k, { localStorage: nested(90) }))(k));
  add('session-storage-number', { removed: 'invalid', detail: 'session-storage-wrong-type' }, (k) =>
    history(corrupt(k, { sessionStorage: 7 }))(k),
  );
  // other session fields
  add('user-agent-number', kept(), (k) => history(corrupt(k, { userAgent: 12345 }))(k));
  add('user-agent-code', kept(), (k) => history(corrupt(k, { userAgent: new Code('navigator.userAgent') }))(k));
  add('viewport-string', kept(), (k) => history(corrupt(k, { viewport: '1366x768' }))(k));
  add('is-active-string', kept(), (k) => history(corrupt(k, { isActive: 'yes' }))(k));
  add('created-at-string', { removed: 'orphaned', detail: 'invalid-created-at' }, (k) =>
    history(corrupt(k, { createdAt: '2026-11-20T00:00:00.000Z' }))(k),
  );
  add('created-at-timestamp', { removed: 'orphaned', detail: 'invalid-created-at' }, (k) =>
    history(corrupt(k, { createdAt: new Timestamp({ t: 1_764_000_000, i: 1 }) }))(k),
  );
  add('created-at-decimal128', { removed: 'orphaned', detail: 'invalid-created-at' }, (k) =>
    history(corrupt(k, { createdAt: Decimal128.fromString('1764000000000') }))(k),
  );
  add('created-at-far-future', kept(), (k) => history(corrupt(k, { createdAt: new Date(8.64e15) }))(k));
  add('last-accessed-at-string', kept(), (k) => history(corrupt(k, { lastAccessedAt: 'yesterday' }))(k));
  add('session-id-minkey', { removed: 'orphaned', detail: 'missing-session-id' }, (k) =>
    history(corrupt(k, { sessionId: new MinKey() }))(k),
  );
  add('session-id-maxkey', { removed: 'orphaned', detail: 'missing-session-id' }, (k) =>
    history(corrupt(k, { sessionId: new MaxKey() }))(k),
  );
  add('session-id-number', { removed: 'orphaned', detail: 'missing-session-id' }, (k) =>
    history(corrupt(k, { sessionId: new Int32(17) }))(k),
  );
  // sessionHistory of the wrong shape
  add('history-object', kept('history-not-array'), (k) => leadWith(k, { sessionHistory: { 0: corrupt(k, {}) } }));
  add('history-string', kept('history-not-array'), (k) => leadWith(k, { sessionHistory: 'none' }));
  add('history-with-nulls-and-numbers', kept('history-entry-not-document'), (k) =>
    leadWith(k, {}, { history: [null, 5, 'x', new Decimal128(Buffer.alloc(16))] }),
  );
  // pointers and duplicates
  add('current-session-id-dangling', { removed: 'orphaned', detail: 'dangling-current-session-id' }, (k) =>
    leadWith(k, { currentSessionId: corruptId(k) }),
  );
  add('current-session-id-number', kept(), (k) => leadWith(k, { currentSessionId: 12 }));
  add('duplicate-session-ids', kept(), (k) => {
    const entry = corrupt(k, {});
    return leadWith(k, {}, { history: [entry, { ...entry, _id: new ObjectId() }] });
  });
  add('duplicate-session-ids-same-entry-id', kept(), (k) => {
    const entry = corrupt(k, {});
    return leadWith(k, {}, { history: [entry, { ...entry }] });
  });
  // size and exotic values
  add('near-16-mib-kept', kept(), (k) => leadWith(k, {}, { history: [bigSession(k, 15.5 * 1024 * 1024, 3)] }));
  add('near-16-mib-expired', { removed: 'expired' }, (k) =>
    leadWith(k, {}, { history: [bigSession(k, 15.5 * 1024 * 1024, 45)] }),
  );
  add('exotic-bson-values', kept(), (k) =>
    history(
      corrupt(k, {
        metadata: {
          decimal: Decimal128.fromString('12.345'),
          min: new MinKey(),
          max: new MaxKey(),
          regex: /x+/g,
          binary: new Binary(Buffer.from([1, 2, 3]), 4),
          code: new Code('return 1', { a: 1 }),
          timestamp: new Timestamp({ t: 1, i: 2 }),
          ref: { $ref: 'leads', $id: new ObjectId() },
          long: Long.fromString('9223372036854775807'),
        },
      }),
    )(k),
  );
  // _id of unusual types (the lead also holds an expired session, which must be removed and archived)
  const expiredOf = (kind: string): Document => corrupt(kind, {}, 45);
  add('id-string', { removed: 'expired' }, (k) => leadWith(k, {}, { id: `lead-${k}`, history: [expiredOf(k)] }));
  add('id-hex-string', { removed: 'expired' }, (k) =>
    leadWith(k, {}, { id: 'ffffffffffffffffffffffff', history: [expiredOf(k)] }),
  );
  add('id-number', { removed: 'expired' }, (k) => leadWith(k, {}, { id: 4711, history: [expiredOf(k)] }));
  add('id-object', { removed: 'expired' }, (k) =>
    leadWith(k, {}, { id: { tenant: 'a', n: 1 }, history: [expiredOf(k)] }),
  );
  add('id-decimal128', { removed: 'expired' }, (k) =>
    leadWith(k, {}, { id: Decimal128.fromString('1.5'), history: [expiredOf(k)] }),
  );
  add('id-date', { removed: 'expired' }, (k) => leadWith(k, {}, { id: daysAgo(1000), history: [expiredOf(k)] }));
  return kinds;
}

/** Normal generated leads (every contract quirk at its realistic rate), dated relative to the fixtures' `now`. */
export function normalLeads(count: number): Document[] {
  return generateLeadArray({ seed: 314, leadCount: count, now, cookiesPerSession: { min: 0, max: 8 } });
}

/** The scheduled slots the runs use: daily at the fixtures' `now`, weekly the next Sunday morning. */
export const slots = { daily: now.toISOString(), weekly: new Date(now.getTime() + 25 * 3_600_000).toISOString() };

export interface CorpusStack {
  readonly environment: LocalEnvironment;
  readonly leads: Collection<Document>;
  run(job: JobName): Promise<LocalJobRun>;
  archive(runId: string): Promise<ArchivedChange[]>;
  /** Every lead as stored (BSON values not promoted), by `_id` (EJSON text of the id). */
  snapshot(): Promise<Map<string, Document>>;
  close(): Promise<void>;
}

export const idKey = (id: unknown): string => BSON.EJSON.stringify({ id }, { relaxed: false });

/** An embedded database holding `documents`, with the app's indexes, and the local runner for scheduled slots. */
export async function startCorpusStack(
  documents: readonly Document[],
  environmentVariables: Record<string, string> = {},
): Promise<CorpusStack> {
  const reportsDir = await mkdtemp(join(tmpdir(), 'lsm-corrupted-'));
  const environment = await openLocalEnvironment({
    mongoUri: null,
    reportsDir,
    database: 'corrupted',
    environment: environmentVariables,
  });
  const leads = environment.dependencies.leads;
  for (const document of documents) await leads.insertOne({ ...document });
  await createAppIndexes(leads);
  return {
    environment,
    leads,
    run: (job) =>
      runJobLocally({
        job,
        payload: { source: 'aws.events', 'detail-type': 'Scheduled Event', time: slots[job as 'daily' | 'weekly'] },
        definition: deployedDefinition(),
        dependencies: environment.dependencies,
        environment: environmentVariables,
        requestId: `corrupted-${job}`,
      }),
    archive: async (runId) => (await readArchives(environment.store, runId)).flatMap((archive) => archive.changes),
    async snapshot() {
      const all = await leads.find({}, { promoteValues: false, promoteBuffers: false }).toArray();
      return new Map(all.map((lead) => [idKey(lead._id), lead]));
    },
    async close() {
      await environment.close();
      await rm(reportsDir, { recursive: true, force: true });
    },
  };
}

/** BSON bytes of a value, as hex: equal bytes mean equal values and equal BSON types. */
export const bytesOf = (value: unknown): string => Buffer.from(BSON.serialize({ value })).toString('hex');

/** Stored entries of a lead (browserSession and history entries), as BSON byte strings. */
export function entriesOf(lead: Document | undefined): string[] {
  if (lead === undefined) return [];
  const history: unknown[] = Array.isArray(lead.sessionHistory) ? lead.sessionHistory : [];
  return [...(lead.browserSession === undefined ? [] : [bytesOf(lead.browserSession)]), ...history.map(bytesOf)];
}

/** Multiset difference a - b. */
export function minus(a: readonly string[], b: readonly string[]): string[] {
  const remaining = new Map<string, number>();
  for (const item of b) remaining.set(item, (remaining.get(item) ?? 0) + 1);
  return a.filter((item) => {
    const count = remaining.get(item) ?? 0;
    if (count === 0) return true;
    remaining.set(item, count - 1);
    return false;
  });
}
