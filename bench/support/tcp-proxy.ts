import { createServer, connect, type Server, type Socket } from 'node:net';

/** Bytes that crossed the proxy, from the driver's point of view. */
export interface WireBytes {
  readonly toServer: number;
  readonly fromServer: number;
  readonly connections: number;
}

export interface CountingProxy {
  /** `mongodb://127.0.0.1:PORT`: give this to the driver instead of the server's address. */
  readonly uri: string;
  bytes(): WireBytes;
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 in front of the database server that counts the bytes of every connection in both
 * directions: the driver's real traffic (wire-protocol headers, handshakes and heartbeats included), whatever
 * the driver or the server report about themselves.
 */
export async function startCountingProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<CountingProxy> {
  let toServer = 0;
  let fromServer = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    connections += 1;
    const upstream = connect({ host: targetHost, port: targetPort });
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => (toServer += chunk.length));
    upstream.on('data', (chunk: Buffer) => (fromServer += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
    // One side gone: close the other; errors are the peer's business (a killed worker), not a measurement.
    client.on('error', () => upstream.destroy());
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
    bytes: () => ({ toServer, fromServer, connections }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
