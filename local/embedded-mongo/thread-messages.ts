/** Messages between `startEmbeddedMongoThread` (thread.ts) and the server's worker thread (thread-entry.ts). */

import type { EmbeddedMongoOptions } from './index.ts';

/** The thread's start-up data: the server's options, and the host's compile cache (none when it has none). */
export interface ThreadStart {
  readonly options: Pick<EmbeddedMongoOptions, 'port' | 'dataDir' | 'promotedCacheBytes'>;
  readonly compileCacheDirectory: string | null;
}

/** What crosses the thread boundary of an error: its message, and its Node.js code (`EADDRINUSE`) when it has one. */
export interface ThreadError {
  readonly message: string;
  readonly code?: string;
}

export interface ThreadRequest {
  readonly kind: 'stop' | 'save';
  readonly id: number;
}

export type ThreadReply =
  | { readonly kind: 'listening'; readonly port: number }
  | { readonly kind: 'not started'; readonly error: ThreadError }
  | { readonly kind: 'done'; readonly id: number }
  | { readonly kind: 'failed'; readonly id: number; readonly error: ThreadError };
