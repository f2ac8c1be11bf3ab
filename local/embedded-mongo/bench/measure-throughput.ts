/**
 * Throughput of the embedded server with the real driver, on lead-shaped documents (~20 KB each):
 * insertMany, `_id` range reads in batches of 500, and bulkWrite of array-filter updates.
 * Run: `npx node local/embedded-mongo/bench/measure-throughput.ts [documentCount] [documentKb]`.
 */
import { randomBytes } from 'node:crypto';
import { type AnyBulkWriteOperation, BSON, type Document, MongoClient, ObjectId } from 'mongodb';
import { startEmbeddedMongo } from '../index.ts';

const documentCount = Number(process.argv[2] ?? 10_000);
const documentKb = Number(process.argv[3] ?? 20);
const batch = 500;

function session(index: number, cookieCount: number): Document {
  return {
    sessionId: `session_${String(Date.now())}_${randomBytes(16).toString('hex')}`,
    cookies: Array.from({ length: cookieCount }, (_, i) => ({
      name: `c${String(i)}`,
      value: randomBytes(200).toString('base64'),
      domain: '.example.com',
      path: '/',
      expires: new Date(Date.now() + 86_400_000),
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
    })),
    localStorage: { 'persist:root': randomBytes(300).toString('hex') },
    sessionStorage: {},
    createdAt: new Date(Date.now() - index * 86_400_000),
    lastAccessedAt: new Date(),
    isActive: index === 0,
  };
}

function lead(): Document {
  const cookiesPerSession = Math.max(1, Math.round((documentKb * 1024) / 4 / 380));
  const history = [0, 1, 2, 3].map((index) => session(index, cookiesPerSession));
  return {
    _id: new ObjectId(),
    leadType: 'ftd',
    status: 'new',
    createdAt: new Date(),
    updatedAt: new Date(),
    __v: 0,
    browserSession: history[0],
    sessionHistory: history,
    currentSessionId: history[0]?.['sessionId'],
  };
}

function rate(count: number, startedAt: number): string {
  const seconds = (performance.now() - startedAt) / 1000;
  return `${Math.round(count / seconds).toLocaleString('en')}/s (${seconds.toFixed(2)} s)`;
}

const server = await startEmbeddedMongo();
const client = await new MongoClient(server.uri).connect();
const leads = client.db('bench').collection('leads');
console.log(
  `${String(documentCount)} leads, ~${String(Math.round(BSON.calculateObjectSize(lead()) / 1024))} KB each (BSON)`,
);

// Documents are generated batch by batch (and not kept) so that 100,000 leads fit in the client's heap.
const ids: ObjectId[] = [];
let generating = 0;
let startedAt = performance.now();
for (let i = 0; i < documentCount; i += 1000) {
  const generated = performance.now();
  const documents = Array.from({ length: Math.min(1000, documentCount - i) }, lead);
  generating += performance.now() - generated;
  ids.push(...documents.map((document) => document['_id'] as ObjectId));
  await leads.insertMany(documents, { ordered: false });
}
startedAt += generating;
console.log(`insertMany: ${rate(documentCount, startedAt)}`);

startedAt = performance.now();
let read = 0;
for (let i = 0; i < ids.length; i += batch) {
  const upper = ids[i + batch];
  const range = upper === undefined ? { $gte: ids[i] } : { $gte: ids[i], $lt: upper };
  read += (
    await leads
      .find(
        { _id: range, 'sessionHistory.0': { $exists: true } },
        { projection: { sessionHistory: 1, browserSession: 1, currentSessionId: 1, __v: 1 } },
      )
      .toArray()
  ).length;
}
console.log(
  `range reads (${String(batch)} per batch, filtered, projected): ${rate(read, startedAt)} documents, ${rate(Math.ceil(ids.length / batch), startedAt)} batches`,
);

startedAt = performance.now();
read = 0;
for (let i = 0; i < ids.length; i += batch) {
  const upper = ids[i + batch];
  const range = upper === undefined ? { $gte: ids[i] } : { $gte: ids[i], $lt: upper };
  read += (await leads.find({ _id: range }, { raw: true, batchSize: batch }).toArray()).length;
}
console.log(`range reads of whole documents, raw (no client-side decoding): ${rate(read, startedAt)} documents`);

startedAt = performance.now();
const skipLookups = 200;
for (let i = 0; i < skipLookups; i++)
  await leads
    .find({})
    .sort({ _id: 1 })
    .skip(Math.floor((i * documentCount) / skipLookups))
    .limit(1)
    .project({ _id: 1 })
    .toArray();
console.log(`find({}).sort({_id:1}).skip(n).limit(1): ${rate(skipLookups, startedAt)}`);

startedAt = performance.now();
let updated = 0;
for (let i = 0; i < ids.length; i += 1000) {
  const operations: AnyBulkWriteOperation[] = ids.slice(i, i + 1000).map((id) => ({
    updateOne: {
      filter: { _id: id },
      update: {
        $set: {
          'sessionHistory.$[s].compressed': { codec: 'gzip', v: 1 },
          'sessionHistory.$[s].blob': randomBytes(64),
        },
        $unset: { 'sessionHistory.$[s].cookies': '', 'sessionHistory.$[s].localStorage': '' },
      },
      arrayFilters: [
        { 's.createdAt': { $lt: new Date(Date.now() - 2 * 86_400_000) }, 's.compressed': { $exists: false } },
      ],
    },
  }));
  updated += (await leads.bulkWrite(operations, { ordered: false })).modifiedCount;
}
console.log(`bulkWrite array-filter updates: ${rate(updated, startedAt)}`);

startedAt = performance.now();
const pulled = await leads.updateMany({}, {
  $pull: { sessionHistory: { createdAt: { $lt: new Date(Date.now() - 3 * 86_400_000) } } },
  $inc: { __v: 1 },
} as Document);
console.log(`updateMany $pull over all: ${rate(pulled.modifiedCount, startedAt)}`);

startedAt = performance.now();
const counted = await leads.countDocuments({ 'browserSession.isActive': true });
console.log(`countDocuments with a filter (${String(counted)}): ${rate(documentCount, startedAt)} documents`);

await client.close();
await server.stop();
