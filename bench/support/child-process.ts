import { fork, type ChildProcess } from 'node:child_process';

/**
 * Measured code runs in child processes, one per run, so that its peak resident set size is its own (not the
 * server's, nor an earlier run's) and nothing it allocated survives into the next run.
 */

export interface ForkOptions {
  /** Node flags of the child (none by default: the children run with the same defaults as a function would). */
  readonly execArgv?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

type Outcome<T> = { readonly kind: 'result'; readonly value: T } | { readonly kind: 'error'; readonly message: string };

/**
 * `BENCH_CPU_PROF_DIR=<dir>`: every child (the job, the database server, the seeding) writes a V8 CPU profile
 * there when it exits (`node --cpu-prof`), named after its process id; open it in Chrome DevTools or speedscope.
 */
export const cpuProfileDirectory = (): string | null => process.env['BENCH_CPU_PROF_DIR'] || null;

function profilingFlags(): string[] {
  const directory = cpuProfileDirectory();
  return directory === null ? [] : ['--cpu-prof', '--cpu-prof-dir', directory];
}

export function forkScript(script: string, args: readonly string[], options: ForkOptions = {}): ChildProcess {
  return fork(script, [...args], {
    execArgv: [...profilingFlags(), ...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Runs a script that reports one result with `reportToParent`, and waits for it to exit. */
export function runWorker<T>(script: string, args: readonly string[], options: ForkOptions = {}): Promise<T> {
  const child = forkScript(script, args, options);
  return new Promise<T>((resolve, reject) => {
    let outcome: Outcome<T> | null = null;
    child.on('message', (message) => (outcome = message as Outcome<T>));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (outcome?.kind === 'result') resolve(outcome.value);
      else if (outcome?.kind === 'error') reject(new Error(`${script}: ${outcome.message}`));
      else reject(new Error(`${script} exited (${String(code ?? signal)}) without a result`));
    });
  });
}

function send(message: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      reject(new Error('this script is a child of bench/run.ts: it needs an IPC channel'));
      return;
    }
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

/** Child side: runs `main`, sends its result (or its error) to the parent, then exits. */
export async function reportToParent<T>(main: () => Promise<T>): Promise<never> {
  // The bench was interrupted: stop at once rather than go on working for nobody.
  process.on('disconnect', () => process.exit(1));
  try {
    const value = await main();
    await send({ kind: 'result', value } satisfies Outcome<T>);
    process.exit(0);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    await send({ kind: 'error', message } satisfies Outcome<T>).catch(() => undefined);
    process.exit(1);
  }
}

interface Request {
  readonly id: number;
  readonly type: string;
  readonly payload: unknown;
}
type Reply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string };

/** Parent side of a long-lived child (the database server): requests by type, answered in any order. */
export interface Channel {
  request<T>(type: string, payload?: unknown): Promise<T>;
  /** Ends the child at once (SIGKILL): nothing it holds needs saving. */
  kill(): Promise<void>;
  /**
   * Asks the child to exit by itself (request `exit`), so that it writes its CPU profile (a killed process writes
   * none), and kills it if it has not exited within `graceMs`.
   */
  exit(graceMs: number): Promise<void>;
}

export function openChannel(child: ChildProcess): Channel {
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (message) => {
    const reply = message as Reply;
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiter?.resolve(reply.value);
    else waiter?.reject(new Error(reply.message));
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`child exited (${String(code ?? signal)})`));
    pending.clear();
  });
  return {
    request<T>(type: string, payload?: unknown): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: (value) => resolve(value as T), reject });
        child.send({ id, type, payload } satisfies Request);
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async exit(graceMs) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ id: nextId++, type: 'exit', payload: null } satisfies Request);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Child side of a channel: answers each request with its handler. */
export function serveRequests(handlers: Readonly<Record<string, (payload: unknown) => Promise<unknown>>>): void {
  process.on('message', (message) => {
    const { id, type, payload } = message as Request;
    const handler = handlers[type];
    const answer = handler ? handler(payload) : Promise.reject(new Error(`unknown request ${type}`));
    answer.then(
      (value) => send({ id, ok: true, value } satisfies Reply),
      (error: unknown) =>
        send({
          id,
          ok: false,
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        } satisfies Reply),
    );
  });
}
