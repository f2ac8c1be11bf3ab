/** Routes each request to its command handler and turns the result or error into a reply document. */
import { BSON } from 'bson';
import { type BsonParts, encodeDocumentParts } from '../bson/raw-writer.ts';
import { CommandError, ErrorCode, toCommandError } from '../errors.ts';
import type { Catalog } from '../storage/catalog.ts';
import type { ConnectionInfo } from '../wire/connection.ts';
import type { CommandRequest } from '../wire/message-codec.ts';
import { adminCommands } from './admin-commands.ts';
import { aggregateCommands } from './aggregate.ts';
import { collectionCommands } from './collection-commands.ts';
import { type CommandContext, type CommandHandler, typedDecoding } from './context.ts';
import { CursorRegistry } from './cursors.ts';
import { explain } from './explain.ts';
import { findCommands } from './find-commands.ts';
import { handshakeCommands } from './handshake.ts';
import { indexCommands } from './index-commands.ts';
import { insertDeleteCommands } from './insert-delete.ts';
import { checkCommandOptions } from './option-policy.ts';
import { updateCommands } from './update-commands.ts';

const handlers: Readonly<Record<string, CommandHandler>> = {
  ...handshakeCommands,
  ...insertDeleteCommands,
  ...updateCommands,
  ...findCommands,
  ...aggregateCommands,
  ...collectionCommands,
  ...indexCommands,
  ...adminCommands,
  explain,
};

function errorReply(error: CommandError): BsonParts {
  return encodeDocumentParts({
    ok: 0,
    errmsg: error.message,
    code: error.code,
    codeName: error.codeName,
    ...error.details,
  });
}

export class CommandDispatcher {
  readonly catalog: Catalog;
  readonly cursors = new CursorRegistry();
  readonly #server: CommandContext['server'];
  readonly #log: (line: string) => void;
  #commandCount = 0;
  #busyMilliseconds = 0;

  constructor(catalog: Catalog, server: CommandContext['server'], log: (line: string) => void) {
    this.catalog = catalog;
    this.#server = server;
    this.#log = log;
  }

  /** Commands received so far (every request counts, handshakes and heartbeats included). */
  get commandCount(): number {
    return this.#commandCount;
  }

  /**
   * CPU time of the process while running commands (decoding the request to encoding the reply), garbage
   * collection threads included: the server's CPU time, robust to other processes competing for the cores.
   */
  get busyMilliseconds(): number {
    return this.#busyMilliseconds;
  }

  /** Runs one request; always returns a reply document (the connection drops it when moreToCome). */
  dispatch(request: CommandRequest, connection: ConnectionInfo): BsonParts {
    const startedAt = process.cpuUsage();
    try {
      return this.#dispatch(request, connection);
    } finally {
      const used = process.cpuUsage(startedAt);
      this.#busyMilliseconds += (used.user + used.system) / 1000;
    }
  }

  #dispatch(request: CommandRequest, connection: ConnectionInfo): BsonParts {
    this.#commandCount++;
    let name = '';
    try {
      const body = BSON.deserialize(request.body, typedDecoding);
      name = Object.keys(body)[0] ?? '';
      const database = typeof body['$db'] === 'string' ? body['$db'] : (request.legacyDatabase ?? 'admin');
      if (body['startTransaction'] !== undefined || body['autocommit'] !== undefined) {
        throw new CommandError(
          ErrorCode.IllegalOperation,
          'Transaction numbers are only allowed on a replica set member or mongos',
        );
      }
      const handler = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : undefined;
      if (handler === undefined) throw new CommandError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
      checkCommandOptions(name, body);
      this.cursors.currentCommand = body;
      const context: CommandContext = {
        catalog: this.catalog,
        cursors: this.cursors,
        database,
        body,
        sequences: request.sequences,
        connection,
        server: this.#server,
      };
      return encodeDocumentParts({ ...handler(context), ok: 1 });
    } catch (error) {
      if (!(error instanceof CommandError) && (error instanceof TypeError || error instanceof ReferenceError)) {
        this.#log(`command '${name}' failed unexpectedly: ${error.stack ?? error.message}`);
      }
      return errorReply(toCommandError(error));
    }
  }
}
