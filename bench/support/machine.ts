import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, freemem, totalmem } from 'node:os';

/** The machine a result was measured on: results from different machines are not comparable. */
export interface MachineInfo {
  readonly node: string;
  readonly platform: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly totalMemoryGiB: number;
  readonly freeMemoryGiB: number;
  /** `free -h` as printed, when the command exists. */
  readonly freeH: string | null;
}

function freeHuman(): string | null {
  try {
    return execFileSync('free', ['-h'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

export function describeMachine(): MachineInfo {
  const gib = (bytes: number): number => Math.round((bytes / 2 ** 30) * 10) / 10;
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    totalMemoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    freeH: freeHuman(),
  };
}
