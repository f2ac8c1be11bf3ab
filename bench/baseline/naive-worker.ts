/** Child process: the straightforward daily cleanup (naive-daily.ts), measured like the pipeline. */
import { defaultPolicy } from '#shared/core/config.ts';
import { reportToParent } from '../support/child-process.ts';
import { measureJob, workerConfig, type JobMeasurement } from '../support/worker-harness.ts';
import { runNaiveDaily, type NaiveDetails } from './naive-daily.ts';

export interface NaiveConfig {
  readonly uri: string;
  readonly database: string;
  readonly now: string;
}

await reportToParent(async (): Promise<JobMeasurement<NaiveDetails>> => {
  const config = workerConfig<NaiveConfig>();
  return measureJob(config.uri, (client) =>
    runNaiveDaily(client.db(config.database).collection('leads'), { now: new Date(config.now), policy: defaultPolicy }),
  );
});
