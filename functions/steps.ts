import { createFailureDependencies, createStepDependencies } from '#shared/runtime/step-dependencies.ts';
import { createStepHandlers } from './step-handlers.ts';

/** The step handlers with the dependencies of the Lambda environment (module scope: shared by warm invocations). */
export const lambdaSteps = createStepHandlers(
  () => createStepDependencies(process.env),
  async () => createFailureDependencies(process.env),
);
