import { createServer, connect, type Server, type Socket } from 'node:net';
import { BSON } from 'mongodb';

/** A command as it crossed the proxy: its name (`update`, `aggregate`...), its target and its ordinal by name. */
export interface ProxiedCommand {
  readonly name: string;
  readonly collection: string | null;
  /** 1 for the first command of this name since the proxy started (or since `resetCounts`). */
  readonly ordinal: number;
}

/**
 * What the proxy does with one command:
 * - `pass`: forward it and its reply;
 * - `cutBefore`: close the connection without forwarding it (the server never sees the command);
 * - `cutAfter`: forward it, then close the connection instead of delivering the reply (the server did the work,
 *   the driver sees a network error: a lost acknowledgement);
 * - `delay`: deliver the reply `ms` late.
 */
export type FaultAction =
  | { readonly kind: 'pass' }
  | { readonly kind: 'cutBefore' }
  | { readonly kind: 'cutAfter' }
  | { readonly kind: 'delay'; readonly ms: number };

export interface FaultProxy {
  /** `mongodb://127.0.0.1:PORT`: give this to the driver instead of the server's address. */
  readonly uri: string;
  /** Decides, per command from the driver, what to do (default: pass everything). */
  setRule(rule: (command: ProxiedCommand) => FaultAction): void;
  /** While false, every new and open connection is closed at once: the server looks unavailable. */
  setAvailable(available: boolean): void;
  /** Every command seen, with the action taken. */
  readonly log: { command: ProxiedCommand; action: FaultAction['kind'] }[];
  close(): Promise<void>;
}

const pass: FaultAction = { kind: 'pass' };
const opMsg = 2013;

/** The command document of an OP_MSG frame (section kind 0), or null for other opcodes. */
function commandOf(frame: Buffer): { name: string; collection: string | null } | null {
  if (frame.readInt32LE(12) !== opMsg) return null;
  let offset = 20;
  while (offset < frame.length) {
    const kind = frame[offset];
    offset += 1;
    const size = frame.readInt32LE(offset);
    if (kind === 0) {
      const body = BSON.deserialize(frame.subarray(offset, offset + size), { promoteValues: true });
      const [name] = Object.keys(body);
      if (name === undefined) return null;
      const target = body[name] as unknown;
      return { name, collection: typeof target === 'string' ? target : null };
    }
    // Kind 1: int32 size (covering identifier and documents) follows the kind byte.
    offset += size;
  }
  return null;
}

/** OP_MSG with the moreToCome flag (e.g. driver 7's endSessions): the server sends no reply. */
function expectsNoReply(frame: Buffer): boolean {
  return frame.readInt32LE(12) === opMsg && (frame.readUInt32LE(16) & 2) !== 0;
}

/**
 * A TCP proxy on 127.0.0.1 in front of a MongoDB-compatible server that can cut connections before or after a
 * chosen command, delay replies, and play an unavailable server. Wire frames are read only to learn each command's
 * name; bytes are forwarded unchanged. (The byte-counting proxy of bench/support/tcp-proxy.ts, with faults.)
 */
export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  let rule: (command: ProxiedCommand) => FaultAction = () => pass;
  let available = true;
  const ordinals = new Map<string, number>();
  const log: FaultProxy['log'] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (!available) {
      client.destroy();
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    // Replies come back in request order, one per request (except OP_MSG with moreToCome): a FIFO of the actions
    // to take on them. Replies are framed too, so a delayed reply is held whole and nothing overtakes it.
    const replyActions: FaultAction[] = [];
    let toClient = Promise.resolve();
    let fromClient = Buffer.alloc(0);
    let fromServer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      fromClient = Buffer.concat([fromClient, chunk]);
      for (const frame of takeFrames()) {
        const parsed = commandOf(frame);
        let action: FaultAction = pass;
        if (parsed !== null) {
          const ordinal = (ordinals.get(parsed.name) ?? 0) + 1;
          ordinals.set(parsed.name, ordinal);
          const command = { ...parsed, ordinal };
          action = rule(command);
          log.push({ command, action: action.kind });
        }
        if (action.kind === 'cutBefore') {
          cut();
          return;
        }
        if (!expectsNoReply(frame)) replyActions.push(action);
        upstream.write(frame);
      }
    });
    function takeFrames(): Buffer[] {
      const frames: Buffer[] = [];
      while (fromClient.length >= 4 && fromClient.length >= fromClient.readInt32LE(0)) {
        const length = fromClient.readInt32LE(0);
        frames.push(fromClient.subarray(0, length));
        fromClient = fromClient.subarray(length);
      }
      return frames;
    }
    upstream.on('data', (chunk: Buffer) => {
      fromServer = Buffer.concat([fromServer, chunk]);
      while (fromServer.length >= 4 && fromServer.length >= fromServer.readInt32LE(0)) {
        const length = fromServer.readInt32LE(0);
        const frame = fromServer.subarray(0, length);
        fromServer = fromServer.subarray(length);
        const action = replyActions.shift() ?? pass;
        if (action.kind === 'cutAfter') {
          cut();
          return;
        }
        const delay = action.kind === 'delay' ? action.ms : 0;
        toClient = toClient
          .then(() => (delay > 0 ? new Promise<void>((resolve) => setTimeout(resolve, delay)) : undefined))
          .then(() => {
            if (!client.destroyed) client.write(frame);
          });
      }
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    uri: `mongodb://127.0.0.1:${String(port)}`,
    log,
    setRule(next) {
      rule = next;
    },
    setAvailable(next) {
      available = next;
      if (!next) for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
