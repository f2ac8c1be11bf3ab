import { describe, expect, it } from 'vitest';
import { serverCpuTable, type DailySizeResult } from '../../../bench/daily/daily-part.ts';

/** A size with the server CPU of each of its sequential pipeline runs (ms), the first one the tables' run. */
const size = (leads: number, runs: readonly (number | null)[], bsonBytes = leads * 40_000): DailySizeResult =>
  ({
    leads,
    corpus: { bsonBytes },
    pipeline: { serverCpuMs: runs[0] ?? null },
    pipelineServerCpuMs: runs,
  }) as unknown as DailySizeResult;

describe('the run-by-run server CPU table of the daily bench', () => {
  it('lists every run of every size with its median, per lead, and the load range of the rounds', () => {
    // Act
    const table = serverCpuTable(
      [size(1000, [560, 590, 620], 38_400_000), size(10_000, [5280, 5640, 5020], 365_200_000)],
      [2.3, 1.9, 2.6],
    );

    // Assess: medians 590 ms and 5,280 ms, that is 0.590 and 0.528 ms per lead, 590 / 38.4 = 15.36 and
    // 5,280 / 365.2 = 14.46 ms per MB of BSON.
    expect(table.header).toEqual([
      'leads',
      'run 1 s',
      'run 2 s',
      'run 3 s',
      'median s',
      'median ms per lead',
      'median ms per MB of BSON',
    ]);
    expect(table.rows).toEqual([
      ['1,000', '0.56', '0.59', '0.62', '0.59', '0.590', '15.36'],
      ['10,000', '5.28', '5.64', '5.02', '5.28', '0.528', '14.46'],
    ]);
    expect(table.notes?.join(' ')).toContain('1.9-2.6 on');
  });

  it('says n/a where a run has no server figure or a size has fewer runs, never zero', () => {
    // Act: a size kept from an earlier invocation with one run, and a run without a server figure.
    const table = serverCpuTable([size(2000, [900]), size(10_000, [null, 5000, 5200])], []);

    // Assess
    expect(table.rows).toEqual([
      ['2,000', '0.90', 'n/a', 'n/a', '0.90', '0.450', '11.25'],
      ['10,000', 'n/a', '5.00', '5.20', '5.00', '0.500', '12.50'],
    ]);
    expect(table.notes?.join(' ')).toContain('(1-min average): n/a');
  });
});
