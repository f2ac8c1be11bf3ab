import type { Collection, Document, ObjectId } from 'mongodb';
import { classifyLead, leadTypes } from '#shared/core/session-model.ts';
import { readLeadDigests } from '#shared/mongo/lead-digests.ts';

/** One lead as `leads list` shows it. */
export interface LeadRow {
  readonly leadId: string;
  readonly leadType: string;
  /** Sessions by the contract's definition: phantoms excluded, the current session stored twice counted once. */
  readonly sessions: number;
  /** The current session's id when it names a stored session (what `session export` exports by default). */
  readonly currentSessionId: string | null;
  readonly compressedSessions: number;
  /** BSON bytes of the entries that hold these sessions, as stored (both copies of the current one). */
  readonly sessionBytes: number;
}

export interface LeadTotals {
  readonly leads: number;
  readonly leadsWithSessions: number;
  readonly sessions: number;
}

export interface LeadListing {
  readonly totals: LeadTotals;
  /** The first `limit` leads by id (only leads with sessions when asked). */
  readonly rows: readonly LeadRow[];
}

/** Leads read per page: a page's digests are small (types, counts and sizes, no cookie or storage values). */
const pageSize = 500;

/** Lead ids are ObjectIds in the app; a hand-written document may carry another type. */
const idText = (id: unknown): string =>
  id !== null && typeof id === 'object' && 'toHexString' in id ? (id as ObjectId).toHexString() : String(id);

function rowOf(lead: Document, digest: Parameters<typeof classifyLead>[0] | undefined): LeadRow {
  const leadId = lead._id;
  // A lead without session fields has no digest: its type comes from the page read.
  if (digest === undefined)
    return {
      leadId: idText(leadId),
      leadType: (leadTypes as readonly unknown[]).includes(lead.leadType) ? String(lead.leadType) : 'unknown',
      sessions: 0,
      currentSessionId: null,
      compressedSessions: 0,
      sessionBytes: 0,
    };
  const classified = classifyLead(digest);
  return {
    leadId: idText(leadId),
    leadType: classified.leadType,
    sessions: classified.sessions.length,
    currentSessionId: classified.currentSessionId,
    compressedSessions: classified.sessions.filter((session) => session.compressed).length,
    sessionBytes: classified.sessions.reduce(
      (sum, session) => sum + session.entries.reduce((bytes, entry) => bytes + entry.digest.bsonBytes, 0),
      0,
    ),
  };
}

/**
 * Reads every lead once, in `_id` order and pages, counting sessions with the same classification the jobs use,
 * and keeps the first `limit` rows. Read-only.
 */
export async function listLeads(
  leads: Collection<Document>,
  options: { readonly limit: number; readonly withSessions: boolean },
): Promise<LeadListing> {
  const rows: LeadRow[] = [];
  let totals: LeadTotals = { leads: 0, leadsWithSessions: 0, sessions: 0 };
  let after: Document | null = null;
  for (;;) {
    const filter: Document = after === null ? {} : { _id: { $gt: after._id } };
    const page = await leads
      .find(filter, { projection: { _id: 1, leadType: 1 }, sort: { _id: 1 }, limit: pageSize })
      .toArray();
    const first = page[0];
    const last = page.at(-1);
    if (first === undefined || last === undefined) break;
    const digests = await readLeadDigests(leads, { _id: { $gte: first._id, $lte: last._id } });
    const digestById = new Map(digests.map((digest) => [idText(digest._id), digest]));
    for (const lead of page) {
      const row = rowOf(lead, digestById.get(idText(lead._id)));
      totals = {
        leads: totals.leads + 1,
        leadsWithSessions: totals.leadsWithSessions + (row.sessions > 0 ? 1 : 0),
        sessions: totals.sessions + row.sessions,
      };
      if (rows.length < options.limit && (!options.withSessions || row.sessions > 0)) rows.push(row);
    }
    after = last;
  }
  return { totals, rows };
}
