import type { AnyBulkWriteOperation, Collection, Document, ObjectId } from 'mongodb';
import type { LeadDailyPlan, PlannedRemoval } from '#shared/core/daily-plan.ts';
import { applyBulk } from './bulk-apply.ts';
import { compileFallbackStatements, compileLeadStatement } from './daily-writes.ts';

export type ChangeOutcome = 'applied' | 'missed' | 'failed';

export interface AppliedRemoval {
  readonly leadId: unknown;
  readonly removal: PlannedRemoval;
  readonly outcome: ChangeOutcome;
  readonly error?: string;
}

/** Session fields needed to tell whether a removal took effect: ids only, no payload. */
const verificationProjection = { currentSessionId: 1, 'browserSession.sessionId': 1, 'sessionHistory.sessionId': 1 };

function removalTookEffect(removal: PlannedRemoval, lead: Document | undefined): boolean {
  if (lead === undefined) return true;
  const history: Document[] = Array.isArray(lead.sessionHistory) ? lead.sessionHistory : [];
  const currentId = (lead.browserSession as Document | undefined)?.sessionId;
  switch (removal.detail) {
    case 'phantom-browser-session':
      return lead.browserSession === undefined || (typeof currentId === 'string' && currentId !== '');
    case 'missing-session-id':
      return !history.some((entry) => typeof entry?.sessionId !== 'string' || entry.sessionId === '');
    case 'dangling-current-session-id':
      return lead.currentSessionId !== removal.sessionId;
    default: {
      const id = removal.sessionId;
      const inHistory = history.some((entry) => entry?.sessionId === id);
      return removal.reason === 'overLimit' ? !inHistory : !inHistory && currentId !== id;
    }
  }
}

interface Attempt {
  readonly plan: LeadDailyPlan;
  readonly removals: readonly PlannedRemoval[];
}

/**
 * Applies the daily plans of one batch and returns, for every planned removal, whether it really happened.
 *
 * 1. One bulkWrite of one all-or-nothing statement per lead (daily-writes.ts). When every statement modified its
 *    lead, every removal happened as planned: nothing is read back.
 * 2. Otherwise the leads are read back (ids only) to find the removals that did not take effect, and those are
 *    retried in a second bulkWrite, one statement per guard shape, so one session the app changed does not hold
 *    back the lead's other removals.
 * 3. The retried leads are read back once more: a removal that still did not take effect is counted as missed (its
 *    guard no longer holds: left for the next run) or failed (the server rejected its statement).
 */
export async function applyDailyPlans(
  leads: Collection<Document>,
  plans: readonly LeadDailyPlan[],
): Promise<AppliedRemoval[]> {
  const changing = plans.filter((plan) => plan.removals.length > 0);
  const first = await applyBulk(
    leads,
    changing.map((plan) => compileLeadStatement(plan.leadId, plan.removals)),
  );
  if (first.allApplied) return changing.flatMap((plan) => plan.removals.map((removal) => applied(plan, removal)));
  const afterFirst = await readBack(leads, changing);
  const retries: Attempt[] = changing
    .map((plan) => ({
      plan,
      removals: plan.removals.filter((removal) => !removalTookEffect(removal, afterFirst.get(String(plan.leadId)))),
    }))
    .filter((attempt) => attempt.removals.length > 0);
  if (retries.length === 0) return changing.flatMap((plan) => plan.removals.map((removal) => applied(plan, removal)));
  const operations: AnyBulkWriteOperation[] = [];
  const owners: Attempt[] = [];
  for (const attempt of retries) {
    const lead = afterFirst.get(String(attempt.plan.leadId));
    for (const statement of compileFallbackStatements(attempt.plan.leadId, attempt.removals, currentIds(lead))) {
      operations.push(statement);
      owners.push(attempt);
    }
  }
  const second = await applyBulk(leads, operations);
  // The retry's error explains a removal better than the first statement's: it is the last word the server said.
  const errorsByLead = new Map<LeadDailyPlan, string>();
  for (const [index, message] of first.errors) {
    const plan = changing[index];
    if (plan) errorsByLead.set(plan, message);
  }
  for (const [index, message] of second.errors) {
    const owner = owners[index];
    if (owner) errorsByLead.set(owner.plan, message);
  }
  const afterSecond = await readBack(
    leads,
    retries.map((attempt) => attempt.plan),
  );
  return changing.flatMap((plan) =>
    plan.removals.map((removal): AppliedRemoval => {
      const lead = afterSecond.get(String(plan.leadId)) ?? afterFirst.get(String(plan.leadId));
      if (removalTookEffect(removal, lead)) return applied(plan, removal);
      const error = errorsByLead.get(plan);
      return error === undefined
        ? { leadId: plan.leadId, removal, outcome: 'missed' }
        : { leadId: plan.leadId, removal, outcome: 'failed', error };
    }),
  );
}

const applied = (plan: LeadDailyPlan, removal: PlannedRemoval): AppliedRemoval => ({
  leadId: plan.leadId,
  removal,
  outcome: 'applied',
});

/** Session ids the lead holds as its current session now (over-limit removals of these are left alone). */
function currentIds(lead: Document | undefined): Set<string> {
  const ids = new Set<string>();
  if (typeof lead?.currentSessionId === 'string') ids.add(lead.currentSessionId);
  const current = (lead?.browserSession as Document | undefined)?.sessionId;
  if (typeof current === 'string') ids.add(current);
  return ids;
}

async function readBack(leads: Collection<Document>, plans: readonly LeadDailyPlan[]): Promise<Map<string, Document>> {
  const ids = plans.map((plan) => plan.leadId as ObjectId);
  const documents = await leads.find({ _id: { $in: ids } }, { projection: verificationProjection }).toArray();
  return new Map(documents.map((document) => [String(document._id), document]));
}
