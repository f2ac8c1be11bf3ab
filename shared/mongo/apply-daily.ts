import type { ObjectId } from 'mongodb';
import { type AnyBulkWriteOperation, type Collection, type Document } from 'mongodb';
import type { LeadDailyPlan, PlannedRemoval } from '#shared/core/daily-plan.ts';
import { applyBulk } from './bulk-apply.ts';
import { compileDailyWrite } from './daily-writes.ts';

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

/**
 * Applies the daily plans of one batch in one bulkWrite and returns, for every planned removal, whether it really
 * happened. When every operation modified its lead the answer is known; otherwise (the app changed a lead
 * meanwhile, or the server rejected a write) the affected leads are read back, ids only, to count facts.
 */
export async function applyDailyPlans(
  leads: Collection<Document>,
  plans: readonly LeadDailyPlan[],
): Promise<AppliedRemoval[]> {
  const operations: AnyBulkWriteOperation[] = [];
  const owners: { plan: number; removal: number }[] = [];
  plans.forEach((plan, planIndex) =>
    plan.removals.forEach((removal, removalIndex) => {
      for (const write of removal.writes) {
        operations.push(compileDailyWrite(plan.leadId, write));
        owners.push({ plan: planIndex, removal: removalIndex });
      }
    }),
  );
  const outcome = await applyBulk(leads, operations);
  const errorsByRemoval = new Map<string, string>();
  for (const [index, message] of outcome.errors) {
    const owner = owners[index];
    if (owner) errorsByRemoval.set(`${owner.plan}:${owner.removal}`, message);
  }
  const current = outcome.allApplied ? null : await readBack(leads, plans);
  return plans.flatMap((plan, planIndex) =>
    plan.removals.map((removal, removalIndex): AppliedRemoval => {
      const error = errorsByRemoval.get(`${planIndex}:${removalIndex}`);
      if (current === null) return { leadId: plan.leadId, removal, outcome: 'applied' };
      const tookEffect = removalTookEffect(removal, current.get(String(plan.leadId)));
      if (tookEffect) return { leadId: plan.leadId, removal, outcome: 'applied' };
      return error === undefined
        ? { leadId: plan.leadId, removal, outcome: 'missed' }
        : { leadId: plan.leadId, removal, outcome: 'failed', error };
    }),
  );
}

async function readBack(leads: Collection<Document>, plans: readonly LeadDailyPlan[]): Promise<Map<string, Document>> {
  const ids = plans.filter((plan) => plan.removals.length > 0).map((plan) => plan.leadId as ObjectId);
  const documents = await leads.find({ _id: { $in: ids } }, { projection: verificationProjection }).toArray();
  return new Map(documents.map((document) => [String(document._id), document]));
}
