import { writeFile } from 'node:fs/promises';
import { ObjectId } from 'mongodb';
import { openLocalEnvironment } from '#local/runner/local-environment.ts';
import { CompressedPayloadError, inflateSession } from '#shared/core/codec/index.ts';
import { SessionNotExportableError, toStorageState, type StorageState } from '#shared/core/storage-state.ts';
import type { SessionExportCommand } from '../arguments.ts';
import { exitCodes, type CommandIo } from '../command-io.ts';
import { pickSession, SessionNotFoundError } from './pick-session.ts';

/**
 * `session export --lead <id> [--session <sessionId>] [--out FILE]`: one stored session as Playwright storageState.
 *
 * 1. Read the lead (read-only) from MONGODB_URI or the embedded database.
 * 2. Pick the current session, or the one named by --session (current or history).
 * 3. Inflate it if the weekly job compressed it; convert it (cookie dates corrected, sessionStorage as extension).
 * 4. Print the JSON, or write it to --out and say so on stderr.
 */
export async function sessionExportCommand(
  command: SessionExportCommand,
  io: CommandIo,
  options: { readonly mongoUri?: string | null } = {},
): Promise<number> {
  const environment = await openLocalEnvironment({
    mongoUri: options.mongoUri === undefined ? (process.env.MONGODB_URI ?? null) : options.mongoUri,
    dataDir: command.dataDir ?? '.embedded-mongo',
    reportsDir: 'reports',
  });
  try {
    const lead = await environment.dependencies.leads.findOne({ _id: new ObjectId(command.leadId) });
    if (lead === null) {
      io.stderr.write(`lead ${command.leadId} not found in ${environment.databaseDescription}\n`);
      return exitCodes.failed;
    }
    let stored: Record<string, unknown>;
    let state: StorageState;
    try {
      stored = pickSession(lead, command.sessionId);
      state = toStorageState(inflateSession(stored));
    } catch (error) {
      const known = [SessionNotFoundError, SessionNotExportableError, CompressedPayloadError];
      if (!known.some((kind) => error instanceof kind)) throw error;
      io.stderr.write(`lead ${command.leadId}: ${(error as Error).message}\n`);
      return exitCodes.failed;
    }
    const json = `${JSON.stringify(state, null, 2)}\n`;
    if (command.out === null) io.stdout.write(json);
    else {
      // The file holds live session cookies: readable by its owner only.
      await writeFile(command.out, json, { mode: 0o600 });
      io.stderr.write(
        `wrote session ${String(stored.sessionId)} of lead ${command.leadId} to ${command.out}: ` +
          `${state.cookies.length} cookies, ${state.origins.length} origins\n`,
      );
    }
    return exitCodes.completed;
  } finally {
    await environment.close();
  }
}
