/**
 * Fault injection into the steps' dependencies: the same use cases run, but the database collection, the run
 * records and the object store can fail at chosen points, or "crash" (every later call fails, as if the process
 * had died: nothing more is written, nothing is recorded, the lease stays held).
 */
import type { BatchRecord } from '#shared/mongo/run-records.ts';
import type { JobDependencies } from '#shared/jobs/ports.ts';

/** Not a retried error name: the state machine treats it like a dead worker (no retry, no record). */
export class ProcessCrash extends Error {
  override readonly name = 'ProcessCrash';
  constructor() {
    super('the process died (injected crash)');
  }
}

export interface FaultHooks {
  /** Start of every ProcessBatch (its lease renewal). */
  beforeHeartbeat?(): void;
  afterRecordBatch?(record: Omit<BatchRecord, '_id' | 'attempts'>): void;
  /** Before a call on the leads collection (`aggregate`, `find`, `bulkWrite`...); may throw. */
  beforeLeads?(method: string, args: readonly unknown[]): void;
  /** After a bulkWrite on the leads collection succeeded (the server applied it); may throw. */
  afterBulkWrite?(args: readonly unknown[]): void;
}

export interface InjectedFaults {
  /** The dependency source for the local state machine. */
  readonly source: () => Promise<JobDependencies>;
  readonly dependencies: JobDependencies;
  crash(): never;
  readonly crashed: () => boolean;
}

type Around = (name: string, call: () => unknown, args: readonly unknown[]) => unknown;

function intercept<T extends object>(target: T, around: Around): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) =>
        around(property, () => (value as (...a: unknown[]) => unknown).apply(object, args), args);
    },
  });
}

export function injectFaults(base: JobDependencies, hooks: FaultHooks): InjectedFaults {
  let crashed = false;
  const alive = () => {
    if (crashed) throw new ProcessCrash();
  };
  const crash = (): never => {
    crashed = true;
    throw new ProcessCrash();
  };
  const leads = intercept(base.leads, (name, call, args) => {
    alive();
    hooks.beforeLeads?.(name, args);
    if (name !== 'bulkWrite') return call();
    return (async () => {
      const result = await (call() as Promise<unknown>);
      alive();
      hooks.afterBulkWrite?.(args);
      return result;
    })();
  });
  const runRecords = intercept(base.runRecords, (name, call, args) => {
    alive();
    if (name === 'heartbeat') hooks.beforeHeartbeat?.();
    if (name !== 'recordBatch') return call();
    return (async () => {
      const result = await (call() as Promise<unknown>);
      hooks.afterRecordBatch?.(args[0] as Omit<BatchRecord, '_id' | 'attempts'>);
      return result;
    })();
  });
  const store = intercept(base.store, (_name, call) => {
    alive();
    return call();
  });
  const dependencies: JobDependencies = { ...base, leads, runRecords, store };
  return {
    dependencies,
    source: async () => {
      alive();
      return dependencies;
    },
    crash,
    crashed: () => crashed,
  };
}

/** The process dies when the batch after the first `k` starts: k batches done and recorded, nothing else. */
export function crashAfterBatches(base: JobDependencies, k: number): InjectedFaults {
  let started = 0;
  const faults: InjectedFaults = injectFaults(base, {
    beforeHeartbeat: () => {
      if (started === k) faults.crash();
      started += 1;
    },
  });
  return faults;
}
