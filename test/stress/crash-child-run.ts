/**
 * Child process of crash-kill.test.ts: runs one daily run (the 02:00 slot) against `MONGODB_URI`, database
 * `argv[2]`, one batch at a time, until the parent kills it with SIGKILL.
 */
import {
  definitionWith,
  openSide,
  referenceTime,
  runJob,
  scheduledEvent,
} from '../integration/reliability/faults-harness.ts';

const [database, batchSize] = process.argv.slice(2);
const side = await openSide(process.env.MONGODB_URI as string, database as string, { leadCount: 0, seed: 0 });
const definition = definitionWith(1);
process.stdout.write('ready\n');
const run = await runJob(side, {
  job: 'daily',
  event: scheduledEvent(referenceTime),
  definition,
  batchSize: Number(batchSize),
});
process.stdout.write(`finished ${run.report?.status ?? 'unknown'}\n`);
await side.close();
