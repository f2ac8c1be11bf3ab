import { ObjectId } from 'bson';
import type { SeededRandom } from './random.ts';

/**
 * Deterministic ObjectIds laid out as the driver makes them: 4-byte timestamp (seconds), 5 "process" bytes, 3-byte
 * counter. Each factory plays one app instance: its own process bytes and its own counter.
 */
export interface ObjectIdFactory {
  /** An id whose timestamp is `at` (clamped to the 32-bit range) and whose counter is the next one. */
  at(at: Date | number): ObjectId;
  /** An id with an explicit counter (lead ids use the lead's index, so they increase strictly with it). */
  withCounter(at: Date | number, counter: number): ObjectId;
}

const counterSpace = 2 ** 24;

function secondsOf(at: Date | number): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  return Math.min(2 ** 32 - 1, Math.max(0, Math.floor(ms / 1000)));
}

/** Five "process" bytes drawn from `random`: one simulated app instance. */
export function drawProcessBytes(random: SeededRandom): readonly number[] {
  return Array.from({ length: 5 }, () => random.int(0, 255));
}

/** A counter start drawn from `random`, as the driver starts from a random counter. */
export function drawCounterStart(random: SeededRandom): number {
  return random.int(0, counterSpace - 1);
}

/** A factory for one simulated app instance (`processBytes`) whose counter continues after `counterStart`. */
export function createObjectIdFactory(processBytes: readonly number[], counterStart: number): ObjectIdFactory {
  let counter = counterStart;

  const withCounter = (at: Date | number, value: number): ObjectId => {
    const seconds = secondsOf(at);
    const wrapped = ((value % counterSpace) + counterSpace) % counterSpace;
    const bytes = new Uint8Array(12);
    bytes[0] = seconds >>> 24;
    bytes[1] = (seconds >>> 16) & 255;
    bytes[2] = (seconds >>> 8) & 255;
    bytes[3] = seconds & 255;
    bytes.set(processBytes, 4);
    bytes[9] = wrapped >>> 16;
    bytes[10] = (wrapped >>> 8) & 255;
    bytes[11] = wrapped & 255;
    return new ObjectId(bytes);
  };

  return {
    at(at) {
      counter = (counter + 1) % counterSpace;
      return withCounter(at, counter);
    },
    withCounter,
  };
}
