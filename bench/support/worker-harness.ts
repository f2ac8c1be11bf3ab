import { getHeapStatistics } from 'node:v8';
import { MongoClient, type MongoClientOptions } from 'mongodb';

/** What a measured job cost its process and the wire, from inside the child that ran it. */
export interface JobMeasurement<T> {
  readonly wallMs: number;
  /** Commands the driver sent during the job (command monitoring), by command name; handshakes excluded. */
  readonly commands: Readonly<Record<string, number>>;
  readonly totalCommands: number;
  /**
   * Write statements inside those commands (`updates`, `deletes`, `documents` of update, delete and insert): one
   * command can carry thousands, and the server does the work of each (find the document, match, rewrite it).
   */
  readonly writeStatements: number;
  /** Time from each command's start to its reply (command monitoring), summed by command name. */
  readonly commandMs: Readonly<Record<string, number>>;
  /** Peak resident set size of the whole process (`process.resourceUsage().maxRSS`), KiB. */
  readonly peakRssKiB: number;
  /** Largest V8 heap in use, sampled every 20 ms and after the job. */
  readonly peakHeapUsedBytes: number;
  readonly heapSizeLimitBytes: number;
  /** CPU time of this process during the job (user + system). */
  readonly cpuMs: number;
  readonly details: T;
}

function startHeapSampler(): { stop(): number } {
  let peak = process.memoryUsage().heapUsed;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 20);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/**
 * The embedded server is one JavaScript thread: while it executes a batch's bulkWrite (tens of seconds on a loaded
 * 2-core machine) it answers nothing, not even the driver's heartbeat, and with the driver's default 30 s the
 * monitor would declare it dead and interrupt the bulkWrite. The bench waits instead: it measures the work, and a
 * real MongoDB answers heartbeats from other threads anyway.
 */
const patientClient: MongoClientOptions = { connectTimeoutMS: 600_000, socketTimeoutMS: 0 };

/**
 * Connects to `uri` with command monitoring, runs `job`, and measures it: wall time and commands from the first
 * command to the last reply, CPU and memory of this process. Connecting and closing are not part of the job.
 */
export async function measureJob<T>(
  uri: string,
  job: (client: MongoClient) => Promise<T>,
  clientOptions: MongoClientOptions = {},
): Promise<JobMeasurement<T>> {
  const client = await new MongoClient(uri, { ...patientClient, ...clientOptions, monitorCommands: true }).connect();
  const commands: Record<string, number> = {};
  const commandMs: Record<string, number> = {};
  let writeStatements = 0;
  client.on('commandStarted', (event) => {
    commands[event.commandName] = (commands[event.commandName] ?? 0) + 1;
    const command = event.command as Record<string, unknown>;
    for (const field of ['updates', 'deletes', 'documents']) {
      const statements = command[field];
      if (Array.isArray(statements)) writeStatements += statements.length;
    }
  });
  const addDuration = (event: { commandName: string; duration: number }): void => {
    commandMs[event.commandName] = (commandMs[event.commandName] ?? 0) + event.duration;
  };
  client.on('commandSucceeded', addDuration);
  client.on('commandFailed', addDuration);
  const sampler = startHeapSampler();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const details = await job(client);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const peakHeapUsedBytes = sampler.stop();
  const counted = { ...commands };
  const timed = Object.fromEntries(Object.entries(commandMs).map(([name, ms]) => [name, Math.round(ms)]));
  await client.close();
  return {
    wallMs,
    commands: counted,
    totalCommands: Object.values(counted).reduce((sum, value) => sum + value, 0),
    writeStatements,
    commandMs: timed,
    peakRssKiB: process.resourceUsage().maxRSS,
    peakHeapUsedBytes,
    heapSizeLimitBytes: getHeapStatistics().heap_size_limit,
    cpuMs: (cpu.user + cpu.system) / 1000,
    details,
  };
}

/** A worker's configuration: one JSON argument, so every child is started the same way. */
export function workerConfig<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error('expected the worker configuration as a JSON argument');
  return JSON.parse(raw) as T;
}
