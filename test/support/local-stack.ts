import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON, type Collection, type Document } from 'mongodb';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { createAppIndexes, seedLeads } from '#local/demo/seed.ts';
import { loadDeployedDefinition } from '#local/runner/definition.ts';
import { openLocalEnvironment, type LocalEnvironment } from '#local/runner/local-environment.ts';
import { runJobLocally, type LocalJobRun } from '#local/runner/run-job.ts';
import type { JobName } from '#shared/jobs/run-context.ts';
import type { GeneratorOptions } from '#shared/generator/index.ts';

let definition: StateMachineDefinition | null = null;
/** The deployed definition, synthesized once per test file. */
export function deployedDefinition(): StateMachineDefinition {
  definition ??= loadDeployedDefinition();
  return definition;
}

export interface LocalStack {
  readonly environment: LocalEnvironment;
  readonly leads: Collection<Document>;
  readonly reportsDir: string;
  run(job: JobName, payload?: unknown, requestId?: string): Promise<LocalJobRun>;
  close(): Promise<void>;
}

/** An embedded database seeded with generated leads, a temporary reports folder, and the local runner. */
export async function startLocalStack(options: {
  leadCount: number;
  seed?: number;
  now?: Date;
  environment?: Record<string, string>;
  /** More generator options (a profile such as `healthyProfile`); they win over the defaults here. */
  generator?: Partial<Omit<GeneratorOptions, 'seed' | 'leadCount' | 'now'>>;
}): Promise<LocalStack> {
  const reportsDir = await mkdtemp(join(tmpdir(), 'lsm-reports-'));
  const environment = await openLocalEnvironment({
    mongoUri: null,
    reportsDir,
    database: 'e2e',
    environment: options.environment ?? {},
  });
  const leads = environment.dependencies.leads;
  await seedLeads(leads, {
    seed: options.seed ?? 11,
    leadCount: options.leadCount,
    now: options.now ?? new Date(),
    cookiesPerSession: { min: 0, max: 12 },
    ...options.generator,
  });
  await createAppIndexes(leads);
  let counter = 0;
  return {
    environment,
    leads,
    reportsDir,
    run: (job, payload = {}, requestId) =>
      runJobLocally({
        job,
        payload,
        definition: deployedDefinition(),
        dependencies: environment.dependencies,
        environment: options.environment ?? {},
        requestId: requestId ?? `test-${job}-${(counter += 1)}`,
      }),
    async close() {
      await environment.close();
      await rm(reportsDir, { recursive: true, force: true });
    },
  };
}

/** A digest of every lead document, byte for byte (BSON), in `_id` order: equal digests mean nothing changed. */
export async function databaseDigest(leads: Collection<Document>): Promise<string> {
  const hash = createHash('sha256');
  for await (const document of leads.find({}, { sort: { _id: 1 }, promoteValues: false, promoteBuffers: false })) {
    hash.update(BSON.serialize(document));
  }
  return hash.digest('hex');
}
