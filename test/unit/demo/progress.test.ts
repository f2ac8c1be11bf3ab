import { describe, expect, it } from 'vitest';
import { progressPrinter, type DemoProgress } from '#local/demo/progress.ts';

function printed(events: readonly DemoProgress[], interactive: boolean): string {
  const output: string[] = [];
  const print = progressPrinter({ write: (text: string) => output.push(text) }, interactive);
  events.forEach(print);
  return output.join('');
}

const seeding = (done: number): DemoProgress => ({ kind: 'seeding', done, total: 2000 });
const batch = (done: number, total: number): DemoProgress => ({ kind: 'batch', job: 'daily', done, total });

describe('the demo’s progress', () => {
  it('redraws one line per step on a terminal, with a bar and a counter', () => {
    // Act
    const text = printed([seeding(500), seeding(1000), seeding(2000)], true);

    // Assess
    expect(text).toBe(
      '\r[######..................] seeding  500/2,000 leads' +
        '\r[############............] seeding  1,000/2,000 leads' +
        '\r[########################] seeding  2,000/2,000 leads\n',
    );
  });

  it('prints plain lines at the first step and each quarter otherwise, so a log stays short', () => {
    // Prepare: 2,000 leads in chunks of 100, then a job of 3 batches.
    const events: DemoProgress[] = Array.from({ length: 20 }, (_, index) => seeding((index + 1) * 100));
    events.push({ kind: 'planned', job: 'daily', batches: 3 }, batch(1, 3), batch(2, 3), batch(3, 3));

    // Act
    const lines = printed(events, false).trimEnd().split('\n');

    // Assess
    expect(lines).toEqual([
      'seeding  100/2,000 leads',
      'seeding  500/2,000 leads',
      'seeding  1,000/2,000 leads',
      'seeding  1,500/2,000 leads',
      'seeding  2,000/2,000 leads',
      'daily    1/3 batches',
      'daily    2/3 batches',
      'daily    3/3 batches',
    ]);
    expect(lines.join('')).not.toContain('\r');
  });

  it('says that an earlier demo database will be wiped, and where it is', () => {
    const text = printed([{ kind: 'wiping', leads: 2000, database: 'embedded database in /p/.embedded-mongo' }], false);
    expect(text).toBe(
      'Wiping the earlier demo database first: 2,000 leads in embedded database in /p/.embedded-mongo\n',
    );
  });
});
