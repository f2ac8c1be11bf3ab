/**
 * MongoDB wire protocol framing: decodes OP_QUERY (legacy handshake) and OP_MSG requests, encodes OP_REPLY and
 * OP_MSG replies. Compression (OP_COMPRESSED) is never advertised, so it never arrives.
 */
import { documentAt, forEachElement } from '../bson/raw-reader.ts';
import type { BsonParts } from '../bson/raw-writer.ts';

/** Operation codes of the messages this server handles. */
export const OpCode = { reply: 1, query: 2004, compressed: 2012, msg: 2013 } as const;

const moreToComeFlag = 1 << 1;
const checksumPresentFlag = 1 << 0;
const headerLength = 16;

/** A command request, whichever opcode carried it. */
export interface CommandRequest {
  readonly requestId: number;
  readonly opCode: number;
  /** The command document, still raw. */
  readonly body: Buffer;
  /** OP_MSG kind-1 sections by identifier ("documents", "updates", "deletes"), each document raw. */
  readonly sequences: ReadonlyMap<string, readonly Buffer[]>;
  /** The client expects no reply (OP_MSG moreToCome). */
  readonly moreToCome: boolean;
  /** For OP_QUERY: the database of `<db>.$cmd`. OP_MSG carries `$db` in the body instead. */
  readonly legacyDatabase?: string;
}

function decodeOpMsg(frame: Buffer, requestId: number): CommandRequest {
  const flags = frame.readUInt32LE(headerLength);
  const end = flags & checksumPresentFlag ? frame.length - 4 : frame.length;
  let offset = headerLength + 4;
  let body: Buffer | undefined;
  const sequences = new Map<string, Buffer[]>();
  while (offset < end) {
    const kind = frame[offset];
    offset += 1;
    if (kind === 0) {
      body = documentAt(frame, offset);
      offset += body.length;
    } else if (kind === 1) {
      const sectionEnd = offset + frame.readInt32LE(offset);
      const identifierEnd = frame.indexOf(0, offset + 4);
      const identifier = frame.toString('utf8', offset + 4, identifierEnd);
      const documents: Buffer[] = [];
      for (let docOffset = identifierEnd + 1; docOffset < sectionEnd;) {
        const document = documentAt(frame, docOffset);
        documents.push(document);
        docOffset += document.length;
      }
      sequences.set(identifier, documents);
      offset = sectionEnd;
    } else {
      throw new RangeError(`unsupported OP_MSG section kind ${String(kind)}`);
    }
  }
  if (body === undefined) throw new RangeError('OP_MSG without a body section');
  return { requestId, opCode: OpCode.msg, body, sequences, moreToCome: (flags & moreToComeFlag) !== 0 };
}

/** Legacy `{$query: {...}}` wrapping, still accepted for old shells. */
function unwrapLegacyQuery(query: Buffer): Buffer {
  let inner: Buffer | undefined;
  forEachElement(query, 0, (element) => {
    if (element.name === '$query' && element.type === 0x03) inner = documentAt(query, element.valueStart);
    return false;
  });
  return inner ?? query;
}

function decodeOpQuery(frame: Buffer, requestId: number): CommandRequest {
  const namespaceEnd = frame.indexOf(0, headerLength + 4);
  const namespace = frame.toString('utf8', headerLength + 4, namespaceEnd);
  const query = documentAt(frame, namespaceEnd + 1 + 8);
  const legacyDatabase = namespace.slice(0, namespace.indexOf('.'));
  return {
    requestId,
    opCode: OpCode.query,
    body: unwrapLegacyQuery(query),
    sequences: new Map(),
    moreToCome: false,
    legacyDatabase,
  };
}

/** Decodes one complete message. Throws RangeError for opcodes this server does not speak. */
export function decodeMessage(frame: Buffer): CommandRequest {
  const requestId = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12);
  if (opCode === OpCode.msg) return decodeOpMsg(frame, requestId);
  if (opCode === OpCode.query) return decodeOpQuery(frame, requestId);
  throw new RangeError(`unsupported opcode ${String(opCode)}`);
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const bytes = Buffer.allocUnsafe(headerLength);
  bytes.writeInt32LE(length, 0);
  bytes.writeInt32LE(requestId, 4);
  bytes.writeInt32LE(responseTo, 8);
  bytes.writeInt32LE(opCode, 12);
  return bytes;
}

/** An OP_REPLY carrying one document (the answer to a legacy OP_QUERY command), as one buffer. */
export function encodeOpReply(requestId: number, responseTo: number, document: BsonParts): Buffer {
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(1, 16); // numberReturned; flags, cursorId and startingFrom stay 0
  const length = headerLength + 20 + document.length;
  return Buffer.concat([header(length, requestId, responseTo, OpCode.reply), fields, ...document.parts], length);
}

/** An OP_MSG with flags 0 and a single kind-0 body section, as one buffer. */
export function encodeOpMsg(requestId: number, responseTo: number, document: BsonParts): Buffer {
  const flagsAndKind = Buffer.alloc(5);
  const length = headerLength + 5 + document.length;
  return Buffer.concat([header(length, requestId, responseTo, OpCode.msg), flagsAndKind, ...document.parts], length);
}
