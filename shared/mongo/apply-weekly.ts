import type { Collection, Document, ObjectId } from 'mongodb';
import { calculateObjectSize } from 'bson';
import { compressedPayloadField } from '#shared/core/session-digest.ts';
import type { LeadWeeklyPlan, WeeklyChange } from '#shared/core/weekly-plan.ts';
import type { ChangeOutcome } from './apply-daily.ts';
import { applyBulk } from './bulk-apply.ts';
import { sessionFieldsProjection } from './lead-digests.ts';
import { compileWeeklyStatements, type WeeklyStatement } from './weekly-writes.ts';

export interface AppliedWeeklyChange {
  readonly leadId: unknown;
  readonly change: WeeklyChange;
  readonly outcome: ChangeOutcome;
  readonly error?: string;
}

export interface WeeklyApplyResult {
  readonly changes: AppliedWeeklyChange[];
  /** Bytes the database really saved in `sessionHistory` of the leads changed. */
  readonly bytesSaved: number;
}

const sameId = (a: unknown, b: unknown): boolean => String(a) === String(b);

function entryOf(lead: Document | undefined, change: WeeklyChange): Document | undefined {
  const history: Document[] = Array.isArray(lead?.sessionHistory) ? lead.sessionHistory : [];
  const write = change.write;
  const entryId = write.kind === 'pullHistoryEntryById' ? write.entryId : write.entry.entryId;
  return history.find(
    (entry) => entry?.sessionId === change.sessionId && (entryId === null || sameId(entry._id, entryId)),
  );
}

function changeTookEffect(change: WeeklyChange, lead: Document | undefined): boolean {
  const entry = entryOf(lead, change);
  const write = change.write;
  switch (write.kind) {
    case 'pullHistoryEntryById':
      return entry === undefined;
    case 'compressEntry':
      return entry?.[compressedPayloadField]?.sha256 === write.compressed.sha256;
    case 'pullCookies': {
      const cookies: Document[] = Array.isArray(entry?.cookies) ? entry.cookies : [];
      return entry !== undefined && write.cookies.every((match) => !cookies.some((cookie) => matches(cookie, match)));
    }
  }
}

function matches(cookie: Document, match: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(match).every(([field, value]) => {
    const actual = cookie[field] ?? null;
    if (value instanceof Date && actual instanceof Date) return value.getTime() === actual.getTime();
    if (field === '_id') return sameId(actual, value);
    return actual === value;
  });
}

interface Sent {
  readonly plan: LeadWeeklyPlan;
  readonly statements: readonly WeeklyStatement[];
}

async function send(
  leads: Collection<Document>,
  work: readonly { plan: LeadWeeklyPlan; changes: readonly WeeklyChange[] }[],
  verified: boolean,
): Promise<{ outcome: Awaited<ReturnType<typeof applyBulk>>; errors: Map<WeeklyChange, string> }> {
  const sent: Sent[] = work.map(({ plan, changes }) => ({
    plan,
    statements: compileWeeklyStatements(plan.leadId, changes, verified),
  }));
  const statements = sent.flatMap((entry) => entry.statements);
  const outcome = await applyBulk(
    leads,
    statements.map((statement) => statement.operation),
  );
  const errors = new Map<WeeklyChange, string>();
  for (const [index, message] of outcome.errors)
    for (const change of statements[index]?.changes ?? []) errors.set(change, message);
  return { outcome, errors };
}

async function readBack(leads: Collection<Document>, plans: readonly LeadWeeklyPlan[]): Promise<Map<string, Document>> {
  const after = await leads
    .find(
      { _id: { $in: plans.map((plan) => plan.leadId as ObjectId) } },
      { projection: sessionFieldsProjection, promoteValues: false },
    )
    .toArray();
  return new Map(after.map((lead) => [String(lead._id), lead]));
}

/**
 * Applies the weekly plans of one batch.
 *
 * 1. One bulkWrite of at most two verified (all-or-nothing) statements per lead (weekly-writes.ts). When every
 *    statement modified its lead, every change happened and the planned byte savings are exact.
 * 2. Otherwise the leads are read back, and the changes that did not take effect are sent again, unverified, so
 *    one entry the app touched does not hold back the lead's other changes.
 * 3. The retried leads are read back once more to count what happened and measure the bytes (bounded by the
 *    plan: what another writer removed meanwhile is not this job's saving).
 */
export async function applyWeeklyPlans(
  leads: Collection<Document>,
  plans: readonly LeadWeeklyPlan[],
  before: ReadonlyMap<string, Document>,
): Promise<WeeklyApplyResult> {
  const changed = plans.filter((plan) => plan.changes.length > 0);
  const first = await send(
    leads,
    changed.map((plan) => ({ plan, changes: plan.changes })),
    true,
  );
  if (first.outcome.allApplied) {
    return {
      changes: changed.flatMap((plan) =>
        plan.changes.map((change) => ({ leadId: plan.leadId, change, outcome: 'applied' as const })),
      ),
      bytesSaved: changed.reduce((sum, plan) => sum + plan.bytesSaved, 0),
    };
  }
  const afterFirst = await readBack(leads, changed);
  const retries = changed
    .map((plan) => ({
      plan,
      changes: plan.changes.filter((change) => !changeTookEffect(change, afterFirst.get(String(plan.leadId)))),
    }))
    .filter((retry) => retry.changes.length > 0);
  const second = retries.length > 0 ? await send(leads, retries, false) : null;
  const afterSecond =
    second === null
      ? new Map<string, Document>()
      : await readBack(
          leads,
          retries.map((retry) => retry.plan),
        );
  const afterById = new Map([...afterFirst, ...afterSecond]);
  const changes = changed.flatMap((plan) =>
    plan.changes.map((change): AppliedWeeklyChange => {
      if (changeTookEffect(change, afterById.get(String(plan.leadId))))
        return { leadId: plan.leadId, change, outcome: 'applied' };
      const error = second?.errors.get(change) ?? first.errors.get(change);
      return error === undefined
        ? { leadId: plan.leadId, change, outcome: 'missed' }
        : { leadId: plan.leadId, change, outcome: 'failed', error };
    }),
  );
  // Only our own savings: a lead whose changes all took effect saved what was planned; otherwise the entries our
  // applied changes rewrote or removed are measured one by one (the daily job or the app may have removed other
  // entries meanwhile: not this job's saving).
  const incomplete = new Set(
    changes.filter((applied) => applied.outcome !== 'applied').map((applied) => String(applied.leadId)),
  );
  const bytesSaved = changed.reduce((sum, plan) => {
    const id = String(plan.leadId);
    if (!incomplete.has(id)) return sum + plan.bytesSaved;
    const pulled = changes
      .filter((applied) => String(applied.leadId) === id && applied.outcome === 'applied')
      .map((applied) => applied.change.write)
      .filter((write) => write.kind === 'pullHistoryEntryById' && write.entryId !== null)
      .map((write) => `id:${String((write as { entryId: unknown }).entryId)}`);
    return sum + ownSavings(before.get(id), afterById.get(id), new Set(pulled));
  }, 0);
  return { changes, bytesSaved };
}

const entryKey = (entry: Document): string =>
  entry?._id !== undefined ? `id:${String(entry._id)}` : `session:${String(entry?.sessionId)}`;
const entryBytes = (entry: Document): number => calculateObjectSize({ entry });

/** Bytes our changes saved in one lead: entries still there, shrunk; entries we pulled, whole. */
function ownSavings(before: Document | undefined, after: Document | undefined, pulled: ReadonlySet<string>): number {
  const history = (lead: Document | undefined): Document[] =>
    Array.isArray(lead?.sessionHistory) ? lead.sessionHistory : [];
  const afterByKey = new Map(history(after).map((entry) => [entryKey(entry), entry]));
  let saved = 0;
  for (const entry of history(before)) {
    const now = afterByKey.get(entryKey(entry));
    if (now !== undefined) saved += entryBytes(entry) - entryBytes(now);
    else if (pulled.has(entryKey(entry))) saved += entryBytes(entry);
  }
  return saved;
}
