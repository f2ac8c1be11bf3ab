import { openLocalEnvironment } from '#local/runner/local-environment.ts';
import type { LeadsListCommand } from '../arguments.ts';
import { exitCodes, type CommandIo } from '../command-io.ts';
import { listLeads, type LeadListing, type LeadRow } from './lead-rows.ts';
import { formatCount } from '#shared/format/figures.ts';

function tableLines(rows: readonly LeadRow[]): string[] {
  const header = `  ${'lead id'.padEnd(24)}  ${'type'.padEnd(7)}  ${'sessions'.padStart(8)}  ${'compressed'.padStart(10)}  ${'session bytes'.padStart(13)}  current session`;
  return [
    header,
    ...rows.map(
      (row) =>
        `  ${row.leadId.padEnd(24)}  ${row.leadType.padEnd(7)}  ${formatCount(row.sessions).padStart(8)}  ` +
        `${formatCount(row.compressedSessions).padStart(10)}  ${formatCount(row.sessionBytes).padStart(13)}  ${row.currentSessionId ?? '-'}`,
    ),
  ];
}

function textOf(listing: LeadListing, command: LeadsListCommand, database: string): string {
  const { totals, rows } = listing;
  const lines = [
    `database: ${database}`,
    `${formatCount(totals.leads)} leads, ${formatCount(totals.leadsWithSessions)} with sessions, ${formatCount(totals.sessions)} sessions ` +
      '(the current session stored twice counts once; phantom sessions do not count)',
  ];
  if (rows.length === 0) {
    lines.push(command.withSessions ? 'no lead has a session' : 'no leads');
    return `${lines.join('\n')}\n`;
  }
  const pool = command.withSessions ? totals.leadsWithSessions : totals.leads;
  lines.push(
    ...tableLines(rows),
    `${formatCount(rows.length)} of ${formatCount(pool)} leads${command.withSessions ? ' with sessions' : ''}, by id` +
      (rows.length < pool ? ` (--limit N shows more)` : ''),
    `next: npm run cleanup:sessions -- session export --lead <id>   (or restore --run <runId> --lead <id>)`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `leads list [--limit N] [--with-sessions] [--json]`: lead ids with their session counts and sizes, to pick a lead
 * for `session export --lead` or `restore --lead`. Read-only.
 */
export async function leadsListCommand(
  command: LeadsListCommand,
  io: CommandIo,
  options: { readonly mongoUri: string | null; readonly environment?: Readonly<Record<string, string | undefined>> },
): Promise<number> {
  const environment = await openLocalEnvironment({
    mongoUri: options.mongoUri,
    dataDir: command.dataDir ?? '.embedded-mongo',
    reportsDir: 'reports',
    ...(options.environment ? { environment: options.environment } : {}),
  });
  try {
    const listing = await listLeads(environment.dependencies.leads, command);
    const database = environment.databaseDescription;
    io.stdout.write(
      command.json ? `${JSON.stringify({ database, ...listing }, null, 2)}\n` : textOf(listing, command, database),
    );
    return exitCodes.completed;
  } finally {
    await environment.close();
  }
}
