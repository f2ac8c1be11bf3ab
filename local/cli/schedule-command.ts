import type { RemoteStack } from '#local/remote/remote-stack.ts';
import { setScheduleRuleState } from '#local/remote/schedule-rules.ts';
import type { ScheduleCommand } from './arguments.ts';
import { exitCodes, type CommandIo } from './command-io.ts';

/** `schedule enable|disable [job|all] --remote`: switches the stack's EventBridge rules, printing before -> after. */
export async function scheduleCommand(stack: RemoteStack, command: ScheduleCommand, io: CommandIo): Promise<number> {
  const changes = [];
  for (const job of command.jobs) {
    const { before, after } = await setScheduleRuleState(stack, job, command.action);
    changes.push({ job, ruleName: before.ruleName, before: before.state, after: after.state });
  }
  if (command.json) io.stdout.write(`${JSON.stringify({ stack: stack.stackName, changes }, null, 2)}\n`);
  else {
    const lines = changes.map(
      (change) => `  ${change.job.padEnd(8)} ${change.before} -> ${change.after}  (${change.ruleName})`,
    );
    io.stdout.write(`schedules of ${stack.stackName} (${stack.region}):\n${lines.join('\n')}\n`);
  }
  const expected = command.action === 'enable' ? 'ENABLED' : 'DISABLED';
  // EventBridge applies the change at once; a rule that reads back otherwise is worth a failing exit code.
  return changes.every((change) => change.after === expected) ? exitCodes.completed : exitCodes.failed;
}
