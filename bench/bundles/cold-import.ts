import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { median } from '../support/format.ts';

/**
 * What a function's module needs in its environment at import, as Lambda provides it (region, function name)
 * and as the stack configures it (Powertools). Nothing is contacted at import; these only have to be present.
 */
const lambdaLikeEnvironment = {
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_LAMBDA_FUNCTION_NAME: 'session-maintenance-bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  POWERTOOLS_SERVICE_NAME: 'session-maintenance',
  POWERTOOLS_METRICS_NAMESPACE: 'LeadSessionMaintenance',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:000000000000:stateMachine:bench',
} as const;

export interface ColdImport {
  /** `await import(bundle)` inside a fresh process, median of the runs. */
  readonly importMs: number;
  /** The whole fresh process, spawn to exit (Node's own start included), median of the runs. */
  readonly processMs: number;
  readonly importRunsMs: readonly number[];
}

/**
 * Imports the bundle in `runs` fresh `node` processes (the same Node 24 binary that runs the bench), checking that
 * every handler the stack calls is exported.
 */
export function measureColdImport(bundleFile: string, runs: number, handlers: readonly string[]): ColdImport {
  const url = pathToFileURL(bundleFile).href;
  const script =
    `const started = performance.now(); const module = await import(${JSON.stringify(url)});` +
    `for (const name of ${JSON.stringify(handlers)}) if (typeof module[name] !== 'function') throw new Error('no export ' + name);` +
    `process.stdout.write(String(performance.now() - started));`;
  const importRunsMs: number[] = [];
  const processRunsMs: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', ...lambdaLikeEnvironment },
      encoding: 'utf8',
    });
    processRunsMs.push(performance.now() - started);
    if (child.status !== 0) throw new Error(`importing ${bundleFile} failed: ${child.stderr}`);
    importRunsMs.push(Number(child.stdout));
  }
  return {
    importMs: median(importRunsMs),
    processMs: median(processRunsMs),
    importRunsMs: importRunsMs.map((ms) => Math.round(ms * 10) / 10),
  };
}
