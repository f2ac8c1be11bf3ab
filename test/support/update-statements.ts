import { MongoClient, type Document } from 'mongodb';

/** A client that counts the update statements it sends (command monitoring of the driver). */
export interface CountingClient {
  readonly client: MongoClient;
  /** Update statements sent since the last reset (an `update` command carries several). */
  statements(): number;
  reset(): void;
}

export async function connectCountingClient(uri: string): Promise<CountingClient> {
  // Command monitoring must be switched on when the client is created.
  const client = await new MongoClient(uri, { monitorCommands: true }).connect();
  let count = 0;
  client.on('commandStarted', (event: { commandName: string; command: Document }) => {
    if (event.commandName === 'update') count += (event.command.updates as Document[] | undefined)?.length ?? 0;
  });
  return {
    client,
    statements: () => count,
    reset: () => {
      count = 0;
    },
  };
}
