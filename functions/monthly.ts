import { stepFunctionsStarter } from '#shared/runtime/step-functions-starter.ts';
import { createJobHandler } from './job-handler.ts';
import { lambdaHandler } from './lambda-wrap.ts';

/** The monthly job function: EventBridge schedule or manual invocation -> a run of the state machine. */
export const handler = lambdaHandler(
  createJobHandler('monthly', () => stepFunctionsStarter(requiredEnvironment('STATE_MACHINE_ARN'))),
);

function requiredEnvironment(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
