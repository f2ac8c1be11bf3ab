import { connect as connectTcp, type Socket } from 'node:net';
import type { MongoClient } from 'mongodb';
import { isConnectionFailure, isDefinitiveNetworkFailure, unreachableDatabase } from './connection-failure.ts';
import { mongoUriHosts } from './uri-hosts.ts';

export interface DatabaseTarget {
  readonly uri: string;
  /** Where the URI came from, as the operator would change it: `MONGODB_URI`. */
  readonly source: string;
  /** The client's server selection timeout: what "no answer within ..." reports. */
  readonly timeoutMs: number;
}

interface Probe {
  /** The probe's network error once the host refused or could not be found; null while pending or when it answered. */
  definitiveError: Error | null;
  /** Whether anything came back: a connection, or any error. */
  heardBack: boolean;
  readonly host: string;
  readonly port: number;
  readonly socket: Socket;
}

/** `host:port` pairs of a mongodb:// URI's seed list (none for mongodb+srv://, whose hosts come from DNS). */
export function seedHosts(uri: string): { host: string; port: number }[] {
  const shown = mongoUriHosts(uri);
  if (!shown.startsWith('mongodb://')) return [];
  return shown
    .slice('mongodb://'.length)
    .split(',')
    .filter((entry) => entry !== '' && !entry.startsWith('<'))
    .map((entry) => {
      const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
      return { host: (match?.[1] ?? entry).replace(/^\[|\]$/g, ''), port: Number(match?.[2] ?? 27017) };
    });
}

/** A plain TCP connection attempt to `host:port`, closed as soon as it is answered: no data is sent. */
function probe(host: string, port: number, onDefinitive: () => void): Probe {
  const socket = connectTcp({ host, port });
  const state: Probe = { definitiveError: null, heardBack: false, host, port, socket };
  socket.once('connect', () => {
    state.heardBack = true;
    socket.destroy();
  });
  socket.once('error', (error) => {
    state.heardBack = true;
    if (isDefinitiveNetworkFailure(error)) {
      state.definitiveError = error;
      onDefinitive();
    }
  });
  return state;
}

const nextPollPhase = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Connects `client`, or rejects with the one-line "cannot reach MongoDB at <hosts> (<source>): <cause>".
 *
 * The driver retries a refused port or an unknown host until server selection times out. Beside it, one plain TCP
 * connection attempt per seed host tells at once when every host refused or does not exist: the connection is then
 * given up in milliseconds instead of after the whole timeout. The probes also keep the cause right on a busy
 * process: when module loading blocks the event loop past the timeout, the driver's timer fires before the refusal
 * is read, and would report "no answer"; the probes' results are read before the timeout is reported. A host that
 * does not answer at all is bounded by the timeout, and said so ("no answer") when not even TCP answered. (The Lambda steps do not use this: there a refused connection
 * may be a blip that the state machine's retries cure.)
 */
export function connectOrExplain(client: MongoClient, target: DatabaseTarget): Promise<void> {
  const explain = (error: unknown) => unreachableDatabase(target.uri, target.source, error, target.timeoutMs);
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const probes: Probe[] = [];
    const allRefused = () => probes.length > 0 && probes.every((each) => each.definitiveError !== null);
    const finish = (error: unknown) => {
      if (settled) return;
      settled = true;
      for (const each of probes) each.socket.destroy();
      if (error === null) resolve();
      else reject(error);
    };
    const onDefinitive = () => {
      if (!allRefused()) return;
      finish(explain(probes[0]?.definitiveError));
      // Stop the driver's retries; its pending connect then rejects, which nobody waits for any more.
      void client.close().catch(() => undefined);
    };
    for (const { host, port } of seedHosts(target.uri)) probes.push(probe(host, port, onDefinitive));
    client.connect().then(
      () => finish(null),
      async (error: unknown) => {
        // A refusal read in the same turn as the driver's timer is handled in the poll phase that follows.
        await nextPollPhase();
        if (allRefused()) finish(explain(probes[0]?.definitiveError));
        else if (probes.length > 0 && probes.every((each) => !each.heardBack)) {
          // Not even a TCP answer: the driver then reports its monitor's socket "closed" (it closed it on giving
          // up), which would read like a server that hung up during the handshake.
          const silent = probes[0] as Probe;
          const noAnswer = Object.assign(new Error(`connect ETIMEDOUT ${silent.host}:${silent.port}`), {
            code: 'ETIMEDOUT',
          });
          finish(explain(noAnswer));
        } else finish(isConnectionFailure(error) ? explain(error) : error);
      },
    );
  });
}
