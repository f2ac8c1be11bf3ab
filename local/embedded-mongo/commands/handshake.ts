/**
 * Connection and server-information commands. The hello reply describes a standalone server: no setName (so the
 * driver does not look for a replica set), no topologyVersion (so it keeps polling instead of streaming), no
 * compression; logicalSessionTimeoutMinutes lets drivers use sessions (endSessions arrives with moreToCome).
 */
import { Int32, Long } from 'bson';
import type { StoredVersionFigures } from '../storage/version-counters.ts';
import type { CommandContext, CommandHandler } from './context.ts';

export const serverVersion = '7.0.0';
const maxWireVersion = 21;

const hello: CommandHandler = (context) => ({
  ...('hello' in context.body ? { isWritablePrimary: true } : { ismaster: true }),
  helloOk: true,
  maxBsonObjectSize: new Int32(16 * 1024 * 1024),
  maxMessageSizeBytes: new Int32(48_000_000),
  maxWriteBatchSize: new Int32(100_000),
  localTime: new Date(),
  logicalSessionTimeoutMinutes: new Int32(30),
  connectionId: new Int32(context.connection.id),
  minWireVersion: new Int32(0),
  maxWireVersion: new Int32(maxWireVersion),
  readOnly: false,
});

const buildInfo: CommandHandler = () => ({
  version: serverVersion,
  gitVersion: 'embedded-mongo',
  versionArray: [7, 0, 0, 0].map((part) => new Int32(part)),
  bits: new Int32(64),
  debug: false,
  maxBsonObjectSize: new Int32(16 * 1024 * 1024),
  storageEngines: ['embedded'],
  javascriptEngine: 'none',
  modules: [],
  openssl: { running: 'disabled' },
});

const getParameter: CommandHandler = (context) => {
  const reply: Record<string, unknown> = {};
  if ('featureCompatibilityVersion' in context.body || context.body['getParameter'] === '*')
    reply['featureCompatibilityVersion'] = { version: '7.0' };
  return reply;
};

/** Int64 counters, as serverStatus reports its own (they pass 2^31 within one bench run). */
const storedVersionStatus = (figures: StoredVersionFigures): Record<string, Long> => ({
  documentVersions: Long.fromNumber(figures.documentVersions),
  documentBytesRewritten: Long.fromNumber(figures.documentBytesRewritten),
  changedArrayBytes: Long.fromNumber(figures.changedArrayBytes),
});

const serverStatus = (context: CommandContext): Record<string, unknown> => ({
  host: `127.0.0.1:${String(context.server.port)}`,
  version: serverVersion,
  process: 'embedded-mongo',
  pid: new Long(process.pid),
  uptime: (Date.now() - context.server.startedAt.getTime()) / 1000,
  localTime: new Date(),
  connections: { current: new Int32(1), available: new Int32(1000) },
  // Not a MongoDB field: what the updates stored (storage/version-counters.ts), read by the bench.
  embeddedStorage: storedVersionStatus(context.catalog.versionCounters.figures()),
});

const empty: CommandHandler = () => ({});

/** Handshake and server-information commands by name. */
export const handshakeCommands: Readonly<Record<string, CommandHandler>> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: empty,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  getCmdLineOpts: () => ({ argv: ['embedded-mongo'], parsed: {} }),
  getLog: () => ({ totalLinesWritten: new Int32(0), log: [] }),
  hostInfo: () => ({ system: { hostname: '127.0.0.1', cpuArch: process.arch }, os: { type: process.platform } }),
  serverStatus,
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } }),
  whatsmyuri: (context) => ({ you: context.connection.remoteAddress }),
  endSessions: empty,
  killSessions: empty,
  killAllSessions: empty,
  refreshSessions: empty,
  startSession: () => ({ id: {}, timeoutMinutes: new Int32(30) }),
  logout: empty,
};
