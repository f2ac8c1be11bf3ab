/**
 * One client socket: reassembles messages from TCP chunks, hands each request to the dispatcher and writes the reply.
 * Commands run synchronously, one message at a time per connection, which gives every command MongoDB's
 * single-document atomicity for free.
 */
import type { Socket } from 'node:net';
import type { BsonParts } from '../bson/raw-writer.ts';
import { type CommandRequest, decodeMessage, encodeOpMsg, encodeOpReply, OpCode } from './message-codec.ts';

/** Runs one command and returns the raw reply document. */
export type Dispatch = (request: CommandRequest, connection: ConnectionInfo) => BsonParts;

/** What a command may want to know about its connection. */
export interface ConnectionInfo {
  readonly id: number;
  readonly remoteAddress: string;
}

const maxMessageBytes = 48_000_000;
let nextReplyId = 1;

/** Serves one socket until it closes. */
export function serveConnection(
  socket: Socket,
  info: ConnectionInfo,
  dispatch: Dispatch,
  log: (line: string) => void,
): void {
  const chunks: Buffer[] = [];
  let buffered = 0;

  // Concatenating only once a whole message has arrived keeps a 48 MB insert batch linear in its size.
  const takeFrame = (): Buffer | undefined => {
    if (buffered < 4) return undefined;
    if ((chunks[0] as Buffer).length < 4) chunks.splice(0, chunks.length, Buffer.concat(chunks));
    const length = (chunks[0] as Buffer).readInt32LE(0);
    if (length < 16 || length > maxMessageBytes) throw new RangeError(`invalid message length ${String(length)}`);
    if (buffered < length) return undefined;
    const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    const frame = all.subarray(0, length);
    chunks.length = 0;
    buffered -= length;
    if (buffered > 0) chunks.push(all.subarray(length));
    return frame;
  };

  const reply = (request: CommandRequest, document: BsonParts): void => {
    if (request.moreToCome) return;
    const replyId = nextReplyId++;
    const message =
      request.opCode === OpCode.query
        ? encodeOpReply(replyId, request.requestId, document)
        : encodeOpMsg(replyId, request.requestId, document);
    socket.write(message);
  };

  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    buffered += chunk.length;
    try {
      for (let frame = takeFrame(); frame !== undefined; frame = takeFrame()) {
        const request = decodeMessage(frame);
        reply(request, dispatch(request, info));
      }
    } catch (error) {
      log(
        `connection ${String(info.id)}: closing after a protocol error: ${error instanceof Error ? error.message : String(error)}`,
      );
      socket.destroy();
    }
  });
  socket.on('error', () => socket.destroy());
}
