/**
 * Server cost of the daily and weekly jobs' write shapes on the embedded server: seeds generated leads into an
 * in-process server, reads each batch's digests, plans the daily cleanup and applies it with the job's own
 * statements (one all-or-nothing update per lead, fallbacks when a guard misses); then reads each batch's sessions,
 * plans the weekly maintenance (compression, cookie pulls, repeated entries) and applies it the same way. Prints,
 * per phase, the server's busy time (the CPU time of the process while it runs commands) and the wall time, with
 * the machine's load average.
 *
 * Run: `npx node local/embedded-mongo/bench/measure-lead-writes.ts [leads=2000] [seed=7] [--general-paths]`
 * (`--general-paths`: the server's fast paths off, see query/fast-paths.ts).
 * Profile: `npx node --cpu-prof --cpu-prof-dir /tmp/embedperf-prof local/embedded-mongo/bench/measure-lead-writes.ts`.
 */
import { loadavg } from 'node:os';
import { type Document, MongoClient } from 'mongodb';
import { defaultPolicy } from '#shared/core/config.ts';
import { planDailyCleanup } from '#shared/core/daily-planner.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { planWeeklyMaintenance } from '#shared/core/weekly-planner.ts';
import { generateLeads } from '#shared/generator/index.ts';
import { formatCount, formatMilliseconds } from '#shared/format/figures.ts';
import { applyDailyPlans } from '#shared/mongo/apply-daily.ts';
import { applyWeeklyPlans } from '#shared/mongo/apply-weekly.ts';
import { readLeadDigests, readLeadSessions } from '#shared/mongo/lead-digests.ts';
import { startEmbeddedMongo } from '../index.ts';
import { useGeneralPathsOnly } from '../query/fast-paths.ts';

const flags = process.argv.slice(2).filter((argument) => argument.startsWith('--'));
const [leadsArgument, seedArgument] = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const leadCount = Number(leadsArgument ?? 2_000);
const seed = Number(seedArgument ?? 7);
const generalPaths = flags.includes('--general-paths');
useGeneralPathsOnly(generalPaths);
const batchSize = 500;
const now = new Date('2026-11-28T02:00:00.000Z');
const policy = {
  sessionExpiryDays: defaultPolicy.sessionExpiryDays,
  maxSessionsPerLead: defaultPolicy.maxSessionsPerLead,
};

const server = await startEmbeddedMongo();
const client = await new MongoClient(server.uri, { monitorCommands: true }).connect();
const leads = client.db('bench').collection<Document>('leads');
let updateStatements = 0;
client.on('commandStarted', (event) => {
  if (event.commandName === 'update') updateStatements += (event.command['updates'] as unknown[]).length;
});

/** Runs `work` and returns its wall time and the server's busy time during it, in milliseconds. */
async function measured(work: () => Promise<void>): Promise<{ wall: number; server: number }> {
  const serverBefore = server.busyMilliseconds();
  const startedAt = performance.now();
  await work();
  return { wall: performance.now() - startedAt, server: server.busyMilliseconds() - serverBefore };
}

const seeding = await measured(async () => {
  let pending: Document[] = [];
  for (const lead of generateLeads({ seed, leadCount, now })) {
    pending.push(lead as Document);
    if (pending.length < 1_000) continue;
    await leads.insertMany(pending, { ordered: false });
    pending = [];
  }
  if (pending.length > 0) await leads.insertMany(pending, { ordered: false });
});

const ids = (await leads.find({}, { projection: { _id: 1 }, sort: { _id: 1 } }).toArray()).map((lead) => lead._id);
let reading = { wall: 0, server: 0 };
let writing = { wall: 0, server: 0 };
const outcomes = new Map<string, number>();
for (let start = 0; start < ids.length; start += batchSize) {
  const upper = ids[start + batchSize];
  const batchFilter = { _id: { $gte: ids[start], ...(upper === undefined ? {} : { $lt: upper }) } };
  let plans: ReturnType<typeof planDailyCleanup>[] = [];
  const read = await measured(async () => {
    const digests = await readLeadDigests(leads, batchFilter);
    plans = digests.map((digest) => planDailyCleanup(classifyLead(digest), { now, policy }));
  });
  const written = await measured(async () => {
    for (const result of await applyDailyPlans(leads, plans)) {
      const key = `${result.removal.reason}:${result.outcome}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
  });
  reading = { wall: reading.wall + read.wall, server: reading.server + read.server };
  writing = { wall: writing.wall + written.wall, server: writing.server + written.server };
}

const dailyStatements = updateStatements;
let weeklyReading = { wall: 0, server: 0 };
let weeklyWriting = { wall: 0, server: 0 };
const weeklyOutcomes = new Map<string, number>();
for (let start = 0; start < ids.length; start += batchSize) {
  const upper = ids[start + batchSize];
  const batchFilter = { _id: { $gte: ids[start], ...(upper === undefined ? {} : { $lt: upper }) } };
  let stored: Document[] = [];
  const read = await measured(async () => {
    stored = await readLeadSessions(leads, batchFilter);
  });
  const plans = stored.map((lead) =>
    planWeeklyMaintenance(lead, { now, policy: { compressionAfterDays: defaultPolicy.compressionAfterDays } }),
  );
  const before = new Map(stored.map((lead) => [String(lead._id), lead]));
  const written = await measured(async () => {
    for (const { outcome } of (await applyWeeklyPlans(leads, plans, before)).changes)
      weeklyOutcomes.set(outcome, (weeklyOutcomes.get(outcome) ?? 0) + 1);
  });
  weeklyReading = { wall: weeklyReading.wall + read.wall, server: weeklyReading.server + read.server };
  weeklyWriting = { wall: weeklyWriting.wall + written.wall, server: weeklyWriting.server + written.server };
}

const ms = (value: number): string => formatMilliseconds(value);
const [one, five, fifteen] = loadavg().map((load) => load.toFixed(2));
console.log(`${formatCount(leadCount)} generated leads (seed ${String(seed)}), batches of ${formatCount(batchSize)}`);
console.log(`load average (1, 5, 15 min): ${String(one)}, ${String(five)}, ${String(fifteen)}`);
console.log(`seeding:           server ${ms(seeding.server)}, wall ${ms(seeding.wall)}`);
console.log(`digests and plans: server ${ms(reading.server)}, wall ${ms(reading.wall)}`);
console.log(
  `daily writes:      server ${ms(writing.server)}, wall ${ms(writing.wall)}, ${formatCount(dailyStatements)} update statements`,
);
console.log(`removals: ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`);
console.log(`weekly reads:      server ${ms(weeklyReading.server)}, wall ${ms(weeklyReading.wall)}`);
console.log(
  `weekly writes:     server ${ms(weeklyWriting.server)}, wall ${ms(weeklyWriting.wall)}, ${formatCount(updateStatements - dailyStatements)} update statements`,
);
console.log(`weekly changes: ${JSON.stringify(Object.fromEntries([...weeklyOutcomes].sort()))}`);
await client.close();
await server.stop();
