import { describe, expect, it } from 'vitest';
import type { DailySizeResult } from '../../../bench/daily/daily-part.ts';
import { measuredTogether, median, writeShapeTargets } from '../../../bench/daily/write-shape-targets.ts';

interface RunFigures {
  readonly wallMs: number;
  readonly serverCpuMs: number | null;
  readonly statements: number;
  readonly changedLeads: number;
  readonly bytesRewritten: number | null;
}

/** The parts of a run the targets read, in the shape the bench records them. */
const run = (figures: RunFigures) => ({
  measurement: {
    wallMs: figures.wallMs,
    writeStatements: figures.statements,
    details: { counts: { leadsWithChanges: figures.changedLeads } },
  },
  serverCpuMs: figures.serverCpuMs,
  storage: figures.bytesRewritten === null ? null : { documentBytesRewritten: figures.bytesRewritten },
});

const size = (leads: number, pipeline: RunFigures, naive: RunFigures | null = null): DailySizeResult =>
  ({
    leads,
    measuredAt: '2026-12-07T01:10:00.000Z',
    pipeline: run(pipeline),
    naive: naive === null ? null : run(naive),
  }) as unknown as DailySizeResult;

const verdictOf = (results: readonly DailySizeResult[], target: RegExp) =>
  writeShapeTargets(results).find((verdict) => target.test(verdict.target));

describe('the write-shape targets of the daily bench', () => {
  const met = [
    size(1000, { wallMs: 1900, serverCpuMs: 700, statements: 640, changedLeads: 638, bytesRewritten: 1 }),
    size(
      10_000,
      { wallMs: 10_000, serverCpuMs: 6500, statements: 6243, changedLeads: 6200, bytesRewritten: 165_600_000 },
      { wallMs: 40_000, serverCpuMs: 14_000, statements: 7769, changedLeads: 6200, bytesRewritten: 300_700_000 },
    ),
    size(100_000, {
      wallMs: 100_000,
      serverCpuMs: 72_000,
      statements: 62_000,
      changedLeads: 61_876,
      bytesRewritten: 1,
    }),
  ];

  it('meets every target when the figures do, and says each figure it compared', () => {
    expect(verdictOf(met, /wall <= 1\/3/)).toMatchObject({ measured: '10.00 s / 40.00 s = 0.25', met: true });
    expect(verdictOf(met, /bytes rewritten/)).toMatchObject({ measured: '165,600,000 <= 300,700,000', met: true });
    expect(verdictOf(met, /per changed lead <= 1.5 \(10,000/)).toMatchObject({
      measured: '6,243 / 6,200 = 1.007',
      met: true,
    });
    expect(verdictOf(met, /100,000 leads <= 10.5x/)).toMatchObject({
      measured: '100.00 s / 10.00 s = 10.00',
      met: true,
    });
    expect(verdictOf(met, /server CPU per lead/)).toMatchObject({
      measured: '1,000: 0.70 ms (+8 %), 10,000: 0.65 ms (+0 %), 100,000: 0.72 ms (+11 %)',
      met: true,
    });
  });

  it('misses a target by any size outside it: a slow first thousand leads, a pipeline at 40 % of the other', () => {
    // Prepare
    const missed = [
      size(1000, { wallMs: 1900, serverCpuMs: 1640, statements: 1300, changedLeads: 638, bytesRewritten: 1 }),
      size(
        10_000,
        { wallMs: 16_000, serverCpuMs: 9100, statements: 6243, changedLeads: 6200, bytesRewritten: 400 },
        { wallMs: 40_000, serverCpuMs: 14_000, statements: 7769, changedLeads: 6200, bytesRewritten: 300 },
      ),
    ];

    // Assess
    expect(verdictOf(missed, /wall <= 1\/3/)?.met).toBe(false);
    expect(verdictOf(missed, /bytes rewritten/)?.met).toBe(false);
    expect(verdictOf(missed, /per changed lead <= 1.5 \(1,000/)).toMatchObject({
      measured: '1,300 / 638 = 2.038',
      met: false,
    });
    expect(verdictOf(missed, /server CPU per lead/)).toMatchObject({
      measured: '1,000: 1.64 ms (+80 %), 10,000: 0.91 ms (+0 %)',
      met: false,
    });
    expect(verdictOf(missed, /100,000 leads/)).toBeUndefined();
  });

  it('says what it could not measure on a real MongoDB: no server CPU, no bytes rewritten', () => {
    // Prepare
    const external = [
      size(
        10_000,
        { wallMs: 10_000, serverCpuMs: null, statements: 6243, changedLeads: 6200, bytesRewritten: null },
        { wallMs: 40_000, serverCpuMs: null, statements: 7769, changedLeads: 6200, bytesRewritten: null },
      ),
      size(100_000, {
        wallMs: 99_000,
        serverCpuMs: null,
        statements: 62_000,
        changedLeads: 61_876,
        bytesRewritten: null,
      }),
    ];

    // Assess
    expect(verdictOf(external, /bytes rewritten/)).toMatchObject({ measured: 'n/a', met: null });
    expect(verdictOf(external, /server CPU per lead/)).toMatchObject({ measured: 'not measured', met: null });
  });

  it('takes the median of the pipeline runs of a size when there were several', () => {
    // Prepare: the first run of 1,000 leads is the slow one; its median is the middle run.
    const first = size(1000, {
      wallMs: 1900,
      serverCpuMs: 1640,
      statements: 646,
      changedLeads: 638,
      bytesRewritten: 1,
    });
    const repeated = { ...first, pipelineServerCpuMs: [1640, 700, 690] } as DailySizeResult;
    const reference = size(10_000, {
      wallMs: 9000,
      serverCpuMs: 6500,
      statements: 6243,
      changedLeads: 6199,
      bytesRewritten: 1,
    });

    // Act
    const verdict = verdictOf([repeated, reference], /server CPU per lead/);

    // Assess
    expect(verdict).toMatchObject({
      measured: '1,000: 0.70 ms (+8 %, median of 3), 10,000: 0.65 ms (+0 %)',
      met: true,
    });
    expect(median([3, null, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([null])).toBeNull();
  });

  it('says beside a verdict which sizes another invocation measured, and only then', () => {
    // Prepare: 100,000 leads from an earlier invocation, the two others from this one.
    const stamped = (result: DailySizeResult, invocation: string, measuredAt: string): DailySizeResult =>
      ({ ...result, invocation, measuredAt }) as DailySizeResult;
    const [thousand, tenThousand, hundredThousand] = met as [DailySizeResult, DailySizeResult, DailySizeResult];
    const now = '2026-12-07T03:01:00.000Z';
    const mixed = [
      stamped(thousand, now, '2026-12-07T03:01:30.000Z'),
      stamped(tenThousand, now, '2026-12-07T03:03:00.000Z'),
      // Within the same hour, yet another invocation: the stamp decides, not the clock.
      stamped(hundredThousand, '2026-12-07T03:00:00.000Z', '2026-12-07T03:00:59.000Z'),
    ];

    // Act
    const flatness = verdictOf(mixed, /server CPU per lead/);
    const growth = verdictOf(mixed, /100,000 leads <= 10.5x/);
    const together = verdictOf(
      mixed.map((result) => ({ ...result, invocation: now })),
      /server CPU per lead/,
    );

    // Assess
    expect(flatness).toMatchObject({ met: true, note: 'measured apart from 10,000 leads: 100,000' });
    expect(growth).toMatchObject({ met: true, note: 'sizes measured apart' });
    expect(together?.note).toBeUndefined();
  });

  it('falls back to the hour of measurement for results recorded before invocations were stamped', () => {
    // Prepare
    const at = (measuredAt: string) => ({ measuredAt }) as DailySizeResult;

    // Assess
    expect(measuredTogether(at('2026-12-07T01:10:00.000Z'), at('2026-12-07T01:50:00.000Z'))).toBe(true);
    expect(measuredTogether(at('2026-12-07T01:10:00.000Z'), at('2026-12-07T02:10:00.000Z'))).toBe(false);
    expect(
      measuredTogether(at('2026-12-07T01:10:00.000Z'), {
        measuredAt: '2026-12-07T01:10:00.000Z',
        invocation: '2026-12-07T01:00:00.000Z',
      } as DailySizeResult),
    ).toBe(false);
  });
});
