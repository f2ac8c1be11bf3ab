import { DescribeRuleCommand, DisableRuleCommand, EnableRuleCommand } from '@aws-sdk/client-eventbridge';
import type { JobName } from '#shared/jobs/run-context.ts';
import type { RemoteStack } from './remote-stack.ts';

/** A job's EventBridge rule as DescribeRule reports it. */
export interface ScheduleRule {
  readonly job: JobName;
  readonly ruleName: string;
  /** ENABLED, DISABLED, or another state EventBridge may add (ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS). */
  readonly state: string;
  readonly scheduleExpression: string | null;
}

export async function describeScheduleRule(stack: RemoteStack, job: JobName): Promise<ScheduleRule> {
  const ruleName = stack.outputs.ruleNames[job];
  const rule = await stack.clients.eventBridge.send(new DescribeRuleCommand({ Name: ruleName }));
  return { job, ruleName, state: rule.State ?? 'UNKNOWN', scheduleExpression: rule.ScheduleExpression ?? null };
}

/** Enables or disables a job's rule and reads it back, so the state printed is EventBridge's, not ours. */
export async function setScheduleRuleState(
  stack: RemoteStack,
  job: JobName,
  action: 'enable' | 'disable',
): Promise<{ readonly before: ScheduleRule; readonly after: ScheduleRule }> {
  const before = await describeScheduleRule(stack, job);
  const Name = before.ruleName;
  await stack.clients.eventBridge.send(
    action === 'enable' ? new EnableRuleCommand({ Name }) : new DisableRuleCommand({ Name }),
  );
  return { before, after: await describeScheduleRule(stack, job) };
}
