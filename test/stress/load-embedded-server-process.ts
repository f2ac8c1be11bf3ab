import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** The embedded server in a child process, so the test process's memory is the workers' alone. */
export interface EmbeddedServerProcess {
  readonly uri: string;
  readonly pid: number;
  /** Resident memory of the server process now, in bytes (Linux /proc; 0 elsewhere). */
  rssBytes(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `scripts/db-embedded.ts --port 0` on this Node (the pinned Node 24) and waits for its URI. */
export async function startEmbeddedServerProcess(): Promise<EmbeddedServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['scripts/db-embedded.ts', '--port', '0'], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const uri = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`embedded server did not start: ${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (mongodb:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded server exited with ${String(code)}: ${output}`));
    });
  });
  const pid = child.pid as number;
  return {
    uri,
    pid,
    async rssBytes() {
      try {
        const status = await readFile(`/proc/${pid}/status`, 'utf8');
        const kib = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
        return kib === undefined ? 0 : Number(kib) * 1024;
      } catch {
        return 0;
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
