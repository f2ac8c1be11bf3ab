import { BSON, calculateObjectSize, type Document } from 'bson';
import { MongoClient, ObjectId, type Collection, type UpdateFilter } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';

/** The embedded-only counters of serverStatus (storage/version-counters.ts). */
interface EmbeddedStorage {
  documentVersions: number;
  documentBytesRewritten: number;
  changedArrayBytes: number;
}

const typed = { promoteValues: false, promoteLongs: false, promoteBuffers: false } as const;

/** Every lead as stored, by `_id`, decoded without changing a BSON type (so sizes are the stored ones). */
async function storedLeads(leads: Collection): Promise<Map<string, Document>> {
  const stored = new Map<string, Document>();
  for await (const raw of leads.find({}, { raw: true })) {
    const lead = BSON.deserialize(raw as unknown as Uint8Array, typed);
    stored.set(String(lead['_id']), lead);
  }
  return stored;
}

const bytesOf = (value: unknown): Buffer => Buffer.from(BSON.serialize({ value }));

/**
 * Independent count with the `bson` package: the size of every lead that changed, and of every array (top level
 * or inside a sub-document) whose encoding changed.
 */
function expectedFigures(before: Map<string, Document>, after: Map<string, Document>): EmbeddedStorage {
  const figures = { documentVersions: 0, documentBytesRewritten: 0, changedArrayBytes: 0 };
  const arrays = (old: Document | undefined, next: Document): number =>
    Object.entries(next).reduce((sum, [name, value]) => {
      const previous = old?.[name] as unknown;
      if (previous !== undefined && bytesOf(previous).equals(bytesOf(value))) return sum;
      if (Array.isArray(value)) return sum + calculateObjectSize(value);
      if (value !== null && typeof value === 'object' && (value as Document)._bsontype === undefined) {
        const oldDocument = previous !== null && typeof previous === 'object' ? (previous as Document) : undefined;
        return sum + arrays(oldDocument, value as Document);
      }
      return sum;
    }, 0);
  for (const [id, next] of after) {
    const old = before.get(id);
    if (old === undefined || Buffer.from(BSON.serialize(old)).equals(BSON.serialize(next))) continue;
    figures.documentVersions += 1;
    figures.documentBytesRewritten += calculateObjectSize(next);
    figures.changedArrayBytes += arrays(old, next);
  }
  return figures;
}

const entry = (sessionId: string, days: number, size: number): Document => ({
  sessionId,
  createdAt: new Date(Date.UTC(2026, 10, days)),
  cookies: [{ name: 'sid', value: 'x'.repeat(size) }],
  visits: days,
});

function lead(index: number): Document {
  return {
    _id: new ObjectId(),
    name: `lead ${String(index)}`,
    __v: 0,
    currentSessionId: `s${String(index)}-9`,
    browserSession: { sessionId: `s${String(index)}-9`, cookies: [{ name: 'a', value: 'b' }] },
    sessionHistory: Array.from({ length: 10 }, (_, n) => entry(`s${String(index)}-${String(n)}`, n + 1, 50 + n * 7)),
    tags: ['new'],
  };
}

describe('embedded server: bytes of the document versions updates store (serverStatus embeddedStorage)', () => {
  let server: EmbeddedMongo;
  let client: MongoClient;
  let leads: Collection;

  const counters = async (): Promise<EmbeddedStorage> =>
    (await client.db('admin').command({ serverStatus: 1 }))['embeddedStorage'] as EmbeddedStorage;

  beforeAll(async () => {
    server = await startEmbeddedMongo();
    client = await new MongoClient(server.uri).connect();
    leads = client.db('counters').collection('leads');
    await leads.insertMany(Array.from({ length: 6 }, (_, index) => lead(index)));
  });

  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('counts nothing for inserts and for updates that change nothing', async () => {
    // Prepare
    const start = await counters();

    // Act
    await leads.updateMany({}, { $set: { name: 'unchanged' } });
    await leads.updateMany({}, { $set: { name: 'unchanged' } });
    const afterFirst = await counters();
    const pullNothing: Document = { $pull: { sessionHistory: { sessionId: 'no such session' } } };
    await leads.updateMany({}, pullNothing as UpdateFilter<Document>);

    // Assess: the first $set changed 6 leads, the repeat and the $pull that matches nothing stored no version
    expect(afterFirst.documentVersions - start.documentVersions).toBe(6);
    expect(afterFirst.changedArrayBytes).toBe(start.changedArrayBytes);
    expect(await counters()).toEqual(afterFirst);
  });

  it.each<[string, Document, Document[] | undefined]>([
    ['a $pull of the entries a condition matches', { $pull: { sessionHistory: { visits: { $lte: 2 } } } }, undefined],
    [
      'one $pull of several entries with $inc of __v',
      { $pull: { sessionHistory: { visits: { $lte: 8 } } }, $inc: { __v: 1 } },
      undefined,
    ],
    ['an element changed in place', { $set: { 'sessionHistory.$[e].blob': 'compressed' } }, [{ 'e.visits': 10 }]],
    ['an array inside a sub-document', { $push: { 'browserSession.cookies': { name: 'c', value: 'd' } } }, undefined],
    ['a scalar only', { $set: { name: 'renamed' } }, undefined],
    ['two arrays at once', { $pull: { sessionHistory: { visits: 9 } }, $push: { tags: 'contacted' } }, undefined],
  ])('matches an independent count with the bson package: %s', async (_name, update, arrayFilters) => {
    // Prepare
    const before = await storedLeads(leads);
    const start = await counters();

    // Act
    await leads.updateMany({}, update as UpdateFilter<Document>, arrayFilters ? { arrayFilters } : {});

    // Assess
    const end = await counters();
    const expected = expectedFigures(before, await storedLeads(leads));
    expect(expected.documentVersions).toBeGreaterThan(0);
    expect({
      documentVersions: end.documentVersions - start.documentVersions,
      documentBytesRewritten: end.documentBytesRewritten - start.documentBytesRewritten,
      changedArrayBytes: end.changedArrayBytes - start.changedArrayBytes,
    }).toEqual(expected);
  });
});
