/**
 * Child process: every codec at several levels on the history payloads of generated leads, through the codec's
 * public API: `compressPayload` (BSON, compression, SHA-256) and `inflatePayload` (decompression, SHA-256, BSON),
 * the work the weekly job and a reader do per session. Throughput per CPU second (median of the runs), wall
 * clock beside it.
 */
import { BSON } from 'bson';
import {
  type CodecChoice,
  type CompressedPayload,
  type SessionPayload,
  codecNames,
  compressPayload,
  extractPayload,
  inflatePayload,
} from '#shared/core/codec/index.ts';
import { generateLeads } from '#shared/generator/index.ts';
import { reportToParent } from '../support/child-process.ts';
import { median } from '../support/format.ts';
import { workerConfig } from '../support/worker-harness.ts';
import { measureLayoutAlternatives, type LayoutAlternative } from './layout-alternatives.ts';

export interface CodecConfig {
  readonly seed: number;
  readonly leads: number;
  readonly now: string;
  readonly runs: number;
}

export interface CodecMeasurement {
  readonly codec: string;
  readonly level: number;
  readonly payloads: number;
  readonly originalBytes: number;
  readonly storedBytes: number;
  readonly ratio: number;
  /** MB of uncompressed payload per CPU second of this process (median run); wall-clock figures beside them. */
  readonly compressMBps: number;
  readonly inflateMBps: number;
  readonly compressWallMBps: number;
  readonly inflateWallMBps: number;
  readonly compressCpuRunsMs: readonly number[];
  readonly inflateCpuRunsMs: readonly number[];
}

export interface CodecResults {
  readonly payloads: number;
  readonly payloadBytes: number;
  readonly measurements: readonly CodecMeasurement[];
  readonly alternatives: readonly LayoutAlternative[];
}

/** Levels per codec: fast, default-like, strong, and each codec's strongest. */
const levels: Readonly<Record<(typeof codecNames)[number], readonly number[]>> = {
  gzip: [1, 6, 9],
  brotli: [1, 4, 6, 9, 11],
  zstd: [1, 3, 9, 19],
};

/** History payloads as the weekly job reads them (values not promoted), by lead, each as it would be compressed. */
function historyPayloadsByLead(config: CodecConfig): SessionPayload[][] {
  const leads: SessionPayload[][] = [];
  for (const lead of generateLeads({ seed: config.seed, leadCount: config.leads, now: new Date(config.now) })) {
    const stored = BSON.deserialize(BSON.serialize(lead), {
      promoteValues: false,
      promoteBuffers: false,
      bsonRegExp: true,
    });
    const history: unknown = stored.sessionHistory;
    if (!Array.isArray(history)) continue;
    const payloads: SessionPayload[] = [];
    for (const entry of history) {
      if (typeof entry !== 'object' || entry === null) continue;
      const payload = extractPayload(entry as Record<string, unknown>);
      if (Object.keys(payload).length > 0) payloads.push(payload);
    }
    if (payloads.length > 0) leads.push(payloads);
  }
  return leads;
}

interface Timings {
  readonly compressCpu: number[];
  readonly compressWall: number[];
  readonly inflateCpu: number[];
  readonly inflateWall: number[];
}

/** Collects garbage (the worker runs with --expose-gc) so that one codec's garbage is not collected on the next one's time. */
const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Runs `work` on a collected heap; returns its CPU time (user + system of this process) and wall time, in ms. */
function timed(work: () => void): { cpuMs: number; wallMs: number } {
  collectGarbage();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  work();
  const cpu = process.cpuUsage(cpuBefore);
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wallBefore };
}

/** One run of one codec over every payload: compress them all, then inflate them all. Returns the blobs' markers. */
function runOnce(
  choice: CodecChoice,
  payloads: readonly SessionPayload[],
  now: Date,
  timings: Timings,
): CompressedPayload[] {
  let compressed: CompressedPayload[] = [];
  const compress = timed(() => {
    compressed = payloads.map((payload) => compressPayload(payload, { compressedAt: now, codec: choice }));
  });
  const inflate = timed(() => compressed.forEach((marker) => inflatePayload(marker)));
  timings.compressCpu.push(compress.cpuMs);
  timings.compressWall.push(compress.wallMs);
  timings.inflateCpu.push(inflate.cpuMs);
  timings.inflateWall.push(inflate.wallMs);
  return compressed;
}

function summarize(choice: CodecChoice, compressed: readonly CompressedPayload[], timings: Timings): CodecMeasurement {
  const originalBytes = compressed.reduce((sum, marker) => sum + marker.originalBytes, 0);
  const storedBytes = compressed.reduce((sum, marker) => sum + marker.storedBytes, 0);
  const perSecond = (ms: readonly number[]): number => originalBytes / 1e6 / (median(ms) / 1000);
  return {
    codec: choice.codec,
    level: choice.level,
    payloads: compressed.length,
    originalBytes,
    storedBytes,
    ratio: originalBytes / storedBytes,
    compressMBps: perSecond(timings.compressCpu),
    inflateMBps: perSecond(timings.inflateCpu),
    compressWallMBps: perSecond(timings.compressWall),
    inflateWallMBps: perSecond(timings.inflateWall),
    compressCpuRunsMs: timings.compressCpu.map(Math.round),
    inflateCpuRunsMs: timings.inflateCpu.map(Math.round),
  };
}

await reportToParent(async (): Promise<CodecResults> => {
  const config = workerConfig<CodecConfig>();
  const now = new Date(config.now);
  const byLead = historyPayloadsByLead(config);
  const payloads = byLead.flat();
  const choices: CodecChoice[] = codecNames.flatMap((codec) => levels[codec].map((level) => ({ codec, level })));
  // Warm-up, so that the first codec measured does not pay for the JIT.
  for (const choice of choices)
    runOnce({ ...choice, level: Math.min(choice.level, 9) }, payloads.slice(0, 100), now, emptyTimings());
  // Runs go round the codecs (run 1 of each, then run 2...), so that a busy minute on a shared machine does not
  // fall on one codec; CPU time rather than wall time for the same reason. Sizes are deterministic: one run's.
  const timings = choices.map(emptyTimings);
  const markers: CompressedPayload[][] = [];
  for (let run = 0; run < config.runs; run += 1) {
    choices.forEach((choice, index) => {
      const compressed = runOnce(choice, payloads, now, timings[index] as Timings);
      if (run === 0) markers.push(compressed);
    });
    process.stdout.write(`  [codecs] run ${String(run + 1)} of ${String(config.runs)} done\n`);
  }
  const measurements = choices.map((choice, index) =>
    summarize(choice, markers[index] ?? [], timings[index] as Timings),
  );
  const payloadBytes = payloads.reduce((sum, payload) => sum + BSON.calculateObjectSize(payload), 0);
  return { payloads: payloads.length, payloadBytes, measurements, alternatives: measureLayoutAlternatives(byLead) };
});

function emptyTimings(): Timings {
  return { compressCpu: [], compressWall: [], inflateCpu: [], inflateWall: [] };
}
