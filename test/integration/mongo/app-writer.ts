import { randomBytes } from 'node:crypto';
import { ObjectId, type Collection, type Document } from 'mongodb';

/** One clock for every simulated app instance: each write gets a unique, increasing timestamp. */
let lastTick = Date.now();
const tick = (): number => (lastTick = Math.max(lastTick + 1, Date.now()));

/** What the simulated app did, to check afterwards that none of it was lost or misapplied. */
export interface AppWrites {
  readonly storedSessions: { leadId: ObjectId; sessionId: string }[];
  readonly touches: { leadId: ObjectId; sessionId: string; at: Date }[];
  versionConflicts: number;
  /** Sessions the app itself dropped: a current session kept only in browserSession, overwritten by the next one. */
  discardedByApp: number;
}

/**
 * Does what the lead-management app does, concurrently with the jobs: stores new sessions (browserSession,
 * currentSessionId, push to history, bump __v) and touches `lastAccessedAt` through a positional path guarded by the
 * version key, retrying on a version conflict as Mongoose's optimistic save does.
 */
export async function runAppWriter(
  leads: Collection<Document>,
  leadIds: readonly ObjectId[],
  shouldStop: () => boolean,
  seed = 1,
): Promise<AppWrites> {
  const writes: AppWrites = { storedSessions: [], touches: [], versionConflicts: 0, discardedByApp: 0 };
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  while (!shouldStop()) {
    const leadId = leadIds[Math.floor(random() * leadIds.length)] as ObjectId;
    if (random() < 0.5) {
      const clock = tick();
      const sessionId = `session_${clock}_${randomBytes(16).toString('hex')}`;
      const session = {
        sessionId,
        cookies: [{ name: 'sid', value: randomBytes(8).toString('hex'), domain: '.app.example', path: '/' }],
        localStorage: { fresh: 'yes' },
        sessionStorage: {},
        createdAt: new Date(clock),
        lastAccessedAt: new Date(clock),
        isActive: true,
      };
      const storeSession: Document = {
        $set: { browserSession: session, currentSessionId: sessionId },
        $push: { sessionHistory: { ...session, _id: new ObjectId(), isActive: false } },
        $inc: { __v: 1 },
      };
      const before = await leads.findOneAndUpdate({ _id: leadId }, storeSession, {
        returnDocument: 'before',
        projection: { 'browserSession.sessionId': 1, 'sessionHistory.sessionId': 1 },
      });
      const previous = (before?.browserSession as Document | undefined)?.sessionId;
      const history = Array.isArray(before?.sessionHistory) ? (before.sessionHistory as Document[]) : [];
      if (typeof previous === 'string' && previous !== '' && !history.some((entry) => entry?.sessionId === previous))
        writes.discardedByApp += 1;
      writes.storedSessions.push({ leadId, sessionId });
    } else {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const current = await leads.findOne({ _id: leadId }, { projection: { __v: 1, 'sessionHistory.sessionId': 1 } });
        const history = Array.isArray(current?.sessionHistory) ? (current.sessionHistory as Document[]) : [];
        const index = history.findIndex((entry) => typeof entry?.sessionId === 'string');
        if (current === null || index < 0) break;
        const at = new Date(tick());
        const result = await leads.updateOne(
          { _id: leadId, __v: current.__v },
          { $set: { [`sessionHistory.${index}.lastAccessedAt`]: at } },
        );
        if (result.matchedCount === 1) {
          writes.touches.push({ leadId, sessionId: history[index]?.sessionId as string, at });
          break;
        }
        writes.versionConflicts += 1;
      }
    }
  }
  return writes;
}
