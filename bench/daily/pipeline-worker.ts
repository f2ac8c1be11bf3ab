/**
 * Child process: one run of a job as the system runs it (support/job-environment.ts `runJobSteps`): Plan, every
 * batch through ProcessBatch (daily: one digest aggregation and one unordered bulkWrite of guarded updates, with
 * its archive written first; weekly: read, optimise, compress, one bulkWrite), one after the other or
 * `concurrency` at a time like the Map, then Finalize.
 */
import { reportToParent } from '../support/child-process.ts';
import { runJobSteps, type StepsConfig, type StepsDetails } from '../support/job-environment.ts';
import { measureJob, workerConfig, type JobMeasurement } from '../support/worker-harness.ts';

export interface PipelineConfig extends StepsConfig {
  readonly uri: string;
}

export type PipelineDetails = StepsDetails;

await reportToParent(async (): Promise<JobMeasurement<PipelineDetails>> => {
  const config = workerConfig<PipelineConfig>();
  // A pool as large as the concurrency: each Lambda of the Map has its own connection.
  return measureJob(config.uri, (client) => runJobSteps(client.db(config.database), config), {
    maxPoolSize: Math.max(4, config.concurrency),
  });
});
