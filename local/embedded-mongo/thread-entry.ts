/**
 * The worker-thread side of `startEmbeddedMongoThread` (thread.ts): starts the embedded server inside this thread,
 * reports its port (or why it could not start), and stops it, saving its data, when the host asks.
 */
import { enableCompileCache } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { ThreadReply, ThreadRequest, ThreadStart } from './thread-messages.ts';

const port = parentPort;
if (port === null) throw new Error('thread-entry.ts runs only as a worker thread (see thread.ts)');
const reply = (message: ThreadReply): void => port.postMessage(message);
const describe = (error: unknown) => ({
  message: error instanceof Error ? error.message : String(error),
  ...(typeof (error as { code?: unknown } | null)?.code === 'string' ? { code: (error as { code: string }).code } : {}),
});

const { options, compileCacheDirectory } = workerData as ThreadStart;
// A worker does not inherit the host's compile cache: the server's modules would be compiled afresh every time.
if (compileCacheDirectory !== null) enableCompileCache(compileCacheDirectory);
try {
  const { startEmbeddedMongo } = await import('./index.ts');
  const server = await startEmbeddedMongo(options);
  port.on('message', (request: ThreadRequest) => {
    const work = request.kind === 'stop' ? server.stop() : server.save();
    work.then(
      () => reply({ kind: 'done', id: request.id }),
      (error: unknown) => reply({ kind: 'failed', id: request.id, error: describe(error) }),
    );
    // Once stopped, nothing holds the thread open but the host's port: let it end.
    if (request.kind === 'stop') void work.finally(() => port.close());
  });
  reply({ kind: 'listening', port: server.port });
} catch (error) {
  reply({ kind: 'not started', error: describe(error) });
  port.close();
}
