import { countAt } from '#shared/jobs/counters.ts';
import { count, seconds } from '../support/format.ts';
import type { TargetVerdict } from '../support/targets.ts';
import type { DailySizeResult } from './daily-part.ts';

/** Each size's server CPU per lead may differ from the reference size's (10,000 leads) by this share at most. */
export const serverCpuPerLeadTolerance = 0.15;

/** The median of the measured values (the lower middle one of an even count), or null when none was measured. */
export function median(values: readonly (number | null)[]): number | null {
  const measured = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  return measured.length === 0 ? null : (measured[Math.floor((measured.length - 1) / 2)] ?? null);
}

/** Server CPU (ms) of every sequential pipeline run of a size; results recorded before --pipeline-runs have one. */
export const serverCpuRuns = (result: DailySizeResult): readonly (number | null)[] =>
  result.pipelineServerCpuMs ?? [result.pipeline.serverCpuMs];

/** Server CPU per lead of the sequential pipeline: the median of its runs (--pipeline-runs). */
function millisecondsPerLead(result: DailySizeResult): number | null {
  const cpu = median(serverCpuRuns(result));
  return cpu === null ? null : cpu / result.leads;
}

/**
 * Whether two sizes were measured by the same invocation. The machine's speed can change by tens of percent between
 * invocations (docs/benchmarks.md), so a ratio of sizes measured apart says so beside its verdict. Results recorded
 * before invocations were stamped fall back to the hour they were measured in.
 */
export function measuredTogether(left: DailySizeResult, right: DailySizeResult): boolean {
  if (left.invocation !== undefined || right.invocation !== undefined) return left.invocation === right.invocation;
  return left.measuredAt.slice(0, 13) === right.measuredAt.slice(0, 13);
}

/** A ratio of two runs, said as the two figures and their quotient. */
const quotient = (numerator: string, denominator: string, value: number): string =>
  `${numerator} / ${denominator} = ${value.toFixed(2)}`;

/**
 * The targets of one write per lead (docs/benchmarks.md, "Targets"): wall time and document bytes against the
 * straightforward approach at 10,000 leads, write statements per changed lead at every size, 100,000 leads against
 * 10,000, and the server's CPU per lead across the sizes measured (1,000 leads and more).
 */
export function writeShapeTargets(results: readonly DailySizeResult[]): TargetVerdict[] {
  const at = (leads: number) => results.find((result) => result.leads === leads);
  const small = at(10_000);
  const large = at(100_000);
  const verdicts: TargetVerdict[] = [];
  const naive = small?.naive ?? null;
  if (small && naive) {
    const share = small.pipeline.measurement.wallMs / naive.measurement.wallMs;
    verdicts.push({
      target: 'pipeline wall <= 1/3 of the straightforward approach at 10,000 leads',
      measured: quotient(
        `${seconds(small.pipeline.measurement.wallMs)} s`,
        `${seconds(naive.measurement.wallMs)} s`,
        share,
      ),
      met: share <= 1 / 3,
    });
    const pipelineBytes = small.pipeline.storage?.documentBytesRewritten ?? null;
    const naiveBytes = naive.storage?.documentBytesRewritten ?? null;
    verdicts.push(
      pipelineBytes === null || naiveBytes === null
        ? {
            target: 'document bytes rewritten <= the straightforward approach at 10,000 leads',
            measured: 'n/a',
            met: null,
          }
        : {
            target: 'document bytes rewritten <= the straightforward approach at 10,000 leads',
            measured: `${count(pipelineBytes)} <= ${count(naiveBytes)}`,
            met: pipelineBytes <= naiveBytes,
          },
    );
  }
  for (const result of results) {
    const changedLeads = countAt(result.pipeline.measurement.details.counts, ['leadsWithChanges']);
    if (changedLeads === 0) continue;
    const perLead = result.pipeline.measurement.writeStatements / changedLeads;
    verdicts.push({
      target: `write statements per changed lead <= 1.5 (${count(result.leads)} leads)`,
      measured: `${count(result.pipeline.measurement.writeStatements)} / ${count(changedLeads)} = ${perLead.toFixed(3)}`,
      met: perLead <= 1.5,
    });
  }
  if (small && large) {
    const growth = large.pipeline.measurement.wallMs / small.pipeline.measurement.wallMs;
    verdicts.push({
      target: 'pipeline wall at 100,000 leads <= 10.5x at 10,000',
      measured: quotient(
        `${seconds(large.pipeline.measurement.wallMs)} s`,
        `${seconds(small.pipeline.measurement.wallMs)} s`,
        growth,
      ),
      met: growth <= 10.5,
      ...(measuredTogether(large, small) ? {} : { note: 'sizes measured apart' }),
    });
  }
  verdicts.push(serverCpuFlatness(results, small ?? null));
  return verdicts;
}

/** Server CPU per lead at every size of 1,000 leads or more, within the tolerance of the 10,000-lead figure. */
function serverCpuFlatness(results: readonly DailySizeResult[], reference: DailySizeResult | null): TargetVerdict {
  const target = `server CPU per lead within ±${String(serverCpuPerLeadTolerance * 100)} % of 10,000 leads' (1,000 leads and more)`;
  const referencePerLead = reference === null ? null : millisecondsPerLead(reference);
  const sized = results
    .filter((result) => result.leads >= 1000)
    .map((result) => ({
      leads: result.leads,
      perLead: millisecondsPerLead(result),
      runs: serverCpuRuns(result).length,
      apart: reference !== null && !measuredTogether(result, reference),
    }))
    .filter((size): size is { leads: number; perLead: number; runs: number; apart: boolean } => size.perLead !== null);
  if (referencePerLead === null || sized.length < 2) return { target, measured: 'not measured', met: null };
  const deviations = sized.map((size) => size.perLead / referencePerLead - 1);
  const apart = sized.filter((size) => size.apart).map((size) => count(size.leads));
  return {
    target,
    measured: sized
      .map((size, index) => {
        const deviation = Math.round((deviations[index] ?? 0) * 100);
        const runs = size.runs > 1 ? `, median of ${String(size.runs)}` : '';
        return `${count(size.leads)}: ${size.perLead.toFixed(2)} ms (${deviation >= 0 ? '+' : ''}${String(deviation)} %${runs})`;
      })
      .join(', '),
    met: deviations.every((deviation) => Math.abs(deviation) <= serverCpuPerLeadTolerance),
    ...(apart.length === 0 ? {} : { note: `measured apart from 10,000 leads: ${apart.join(', ')}` }),
  };
}
