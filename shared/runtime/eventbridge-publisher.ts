import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { RunEventPublisher } from '#shared/jobs/ports.ts';
import { redact } from './redact.ts';

export const runFinishedEvent = { source: 'lead-session-maintenance', detailType: 'Maintenance Run Finished' } as const;

/** Publishes "run finished" events with the run's summary (counts and status; no lead ids, no session data). */
export function eventBridgePublisher(eventBusName: string, client = new EventBridgeClient({})): RunEventPublisher {
  return {
    async publishRunFinished(summary) {
      const result = await client.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: eventBusName,
              Source: runFinishedEvent.source,
              DetailType: runFinishedEvent.detailType,
              Detail: JSON.stringify(redact(summary)),
            },
          ],
        }),
      );
      if ((result.FailedEntryCount ?? 0) > 0) {
        throw new Error(
          `EventBridge refused the run-finished event: ${result.Entries?.[0]?.ErrorCode ?? 'unknown error'}`,
        );
      }
    },
  };
}
