import { exitCodeLine } from './command-io.ts';

export const helpText = `Session cleanup and maintenance

Usage:
  npm run cleanup:sessions -- [run] [options]      run a job through the local state machine
  npm run cleanup:sessions -- --remote [options]   run a job in the deployed stack and follow it
  npm run cleanup:sessions -- restore --run <runId> [--lead <id>]
  npm run cleanup:sessions -- report show [--job monthly] [--month 2026-10] [--remote]
  npm run cleanup:sessions -- status [--limit N] [--remote]
  npm run cleanup:sessions -- leads list [--limit N] [--with-sessions]
  npm run cleanup:sessions -- schedule enable|disable [daily|weekly|monthly|all] --remote
  npm run cleanup:sessions -- session export --lead <id> [--session <sessionId>] [--out FILE]

Run options:
  --type daily|weekly|monthly   the job (default daily)
  --dry-run                     plan only: write the plan, change nothing
  --days N                      the job's age threshold in whole days (1-365): session expiry for daily and
                                monthly, compression age for weekly (default from the environment)
  --lead <id>                   limit the run to this lead (repeatable)
  --batch-size N                leads per batch (10-10000, default BATCH_SIZE or 1000)
  --verbose                     log every step (JSON lines on stderr)
  --json                        print the run summary as JSON
  --data-dir DIR                embedded database folder when MONGODB_URI is not set (default .embedded-mongo)
  --reports-dir DIR             where reports, plans and the archive go (default ./reports)
  --help                        this text

The deployed stack (--remote; AWS credentials from the environment or profile, as the AWS CLI):
  --remote                      run: invoke the job function, follow the execution, print its report from S3
                                (a failed, timed-out or aborted execution: "error: run <runId> ...: <cause>",
                                exit 1); status: rules, next runs, last executions; report show: from the bucket
  --stack NAME                  the CloudFormation stack (default SESSION_STACK_NAME or LeadSessionMaintenance)
  --region R                    its region (default AWS_REGION or the profile's)
  --poll-interval N             seconds between execution status checks of a remote run (1-300, default 5)

Schedules: "schedule enable|disable" switches the EventBridge rules of the deployed stack (default: all three) and
prints each rule's state before and after. Locally nothing is scheduled; SESSION_CLEANUP_ENABLED=false makes
scheduled runs do nothing (manual runs still work).

Status: the database it read, the schedules (no next runs when disabled), each job's lease and its last runs,
real runs apart from dry runs (--limit N of each, default 3).

Leads: "leads list" prints lead ids by id with their session counts (the current session stored twice counts once,
phantom sessions do not count), compressed sessions and session bytes, and the totals over all leads: ids to use
with "session export --lead" and "restore --lead". --limit N leads (default 20), --with-sessions only leads that
hold a session. Read-only.

Session export: prints the lead's current session, or the one named by --session (current or history), as
Playwright storageState JSON (compressed sessions are inflated first). Each origin may also carry
"sessionStorage", an extension Playwright ignores (apply it with an init script). Read-only.

Environment (validated at start, all at once; README: Configuration): MONGODB_URI (else the embedded database;
every host of the URI is tried: a refused port or an unknown host is reported at once, a host that does not answer
after 2.5 s, as "cannot reach MongoDB at <hosts> (MONGODB_URI): <cause>"), MONGODB_DATABASE,
LEADS_COLLECTION (leads), SESSION_EXPIRY_DAYS (30), COMPRESSION_AFTER_DAYS (7), MAX_SESSIONS_PER_LEAD (10),
ANALYTICS_RETENTION_DAYS (90), SESSION_CLEANUP_ENABLED (true), BATCH_SIZE (1000, 10-10000), SESSION_STACK_NAME
(the stack --remote works on), AWS_REGION (or --region).

Errors: every error line starts with "error: "; a failed run prints its cause and still leaves its report.
${exitCodeLine}
`;
