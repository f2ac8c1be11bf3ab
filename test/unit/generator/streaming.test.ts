import { BSON } from 'bson';
import { describe, expect, it } from 'vitest';
import { generateLeads } from '#shared/generator/index.ts';

const now = new Date('2026-11-28T02:00:00.000Z');

describe('streaming', () => {
  it('yields the first lead without building the others (a billion leads are only a promise)', () => {
    // Prepare
    const leads = generateLeads({ seed: 41, leadCount: 1_000_000_000, now });

    // Act
    const started = performance.now();
    const first = leads.next();
    const elapsedMs = performance.now() - started;

    // Assess
    expect(first.done).toBe(false);
    expect(elapsedMs).toBeLessThan(1_000);
  });

  // About 10 s alone; the timeout leaves room for a busy two-core CI machine.
  it('streams 100,000 leads with a heap that grows far less than the data it produced', { timeout: 120_000 }, () => {
    // Prepare: small sessions keep the test quick; laziness does not depend on their size.
    const leads = generateLeads({
      seed: 42,
      leadCount: 100_000,
      now,
      sessionsPerLead: { min: 0, max: 1 },
      cookiesPerSession: { min: 0, max: 2 },
    });
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeapGrowth = 0;
    let count = 0;
    let sampledBytes = 0;

    // Act
    for (const lead of leads) {
      count += 1;
      // One lead in 50 is measured, to estimate the total bytes produced without slowing the stream down.
      if (count % 50 === 0) {
        sampledBytes += BSON.calculateObjectSize(lead);
        peakHeapGrowth = Math.max(peakHeapGrowth, process.memoryUsage().heapUsed - heapBefore);
      }
    }
    const producedBytes = sampledBytes * 50;
    console.log('streamed 100,000 leads:', { producedBytes, peakHeapGrowth });

    // Assess
    expect(count).toBe(100_000);
    expect(producedBytes).toBeGreaterThan(100 * 1024 * 1024);
    // An array of the leads would hold more than their BSON size; a stream holds a few at a time plus garbage.
    expect(peakHeapGrowth).toBeLessThan(producedBytes / 2);
  });
});
