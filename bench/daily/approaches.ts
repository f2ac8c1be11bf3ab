import { join } from 'node:path';
import type { NaiveConfig } from '../baseline/naive-worker.ts';
import type { PipelineConfig } from './pipeline-worker.ts';
import type { ApproachSpec } from './run-approach.ts';

const benchDirectory = join(import.meta.dirname, '..');

/** The system's daily job: Plan, `_id`-range batches of `batchSize` `concurrency` at a time, Finalize. */
export function pipelineApproach(now: Date, batchSize: number, concurrency: number, endState = true): ApproachSpec {
  return {
    label:
      concurrency === 1
        ? `pipeline, batches of ${String(batchSize)}, sequential`
        : `pipeline, batches of ${String(batchSize)}, ${String(concurrency)} at a time`,
    script: join(benchDirectory, 'daily', 'pipeline-worker.ts'),
    endState,
    config: ({ uri, database, scratchDirectory }): PipelineConfig => ({
      job: 'daily',
      uri,
      database,
      storeDirectory: scratchDirectory,
      now: now.toISOString(),
      batchSize,
      concurrency,
    }),
  };
}

/** The original system's access pattern: four whole-document scans, one `updateOne` per changed lead. */
export function naiveApproach(now: Date): ApproachSpec {
  return {
    label: 'straightforward, 4 scans + updateOne per lead',
    script: join(benchDirectory, 'baseline', 'naive-worker.ts'),
    endState: true,
    config: ({ uri, database }): NaiveConfig => ({ uri, database, now: now.toISOString() }),
  };
}
