import type { RunCommand } from './arguments.ts';

/** The manual payload a command line run sends to the job function: every flag goes through it. */
export function payloadOf(command: RunCommand): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  if (command.dryRun) payload.dryRun = true;
  if (command.days !== null) payload[command.job === 'weekly' ? 'compressionAfterDays' : 'days'] = command.days;
  if (command.leadIds.length > 0) payload.leadIds = [...command.leadIds];
  if (command.batchSize !== null) payload.batchSize = command.batchSize;
  return payload;
}
