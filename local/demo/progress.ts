import { formatCount } from '#shared/format/figures.ts';

/** What the demo is doing, for whoever shows it. */
export type DemoProgress =
  /** An earlier demo database is about to be wiped: said before it happens. */
  | { readonly kind: 'wiping'; readonly leads: number; readonly database: string }
  | { readonly kind: 'seeding'; readonly done: number; readonly total: number }
  | { readonly kind: 'planned'; readonly job: string; readonly batches: number }
  | { readonly kind: 'batch'; readonly job: string; readonly done: number; readonly total: number };

const barWidth = 24;

function bar(done: number, total: number): string {
  const filled = total === 0 ? barWidth : Math.round((done / total) * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]`;
}

/** The step a progress event belongs to, and how far it is: `seeding leads 1,000/2,000`. */
function stepOf(event: Extract<DemoProgress, { done: number }>): { label: string; unit: string } {
  return event.kind === 'seeding' ? { label: 'seeding', unit: 'leads' } : { label: event.job, unit: 'batches' };
}

/**
 * Shows the demo's progress: on a terminal one line per step, redrawn in place (a bar and a counter); otherwise
 * (a log, a pipe) plain lines at its first event and at each quarter, so a log stays short whatever the size of the run.
 */
export function progressPrinter(
  stream: { write(text: string): unknown },
  interactive: boolean,
): (event: DemoProgress) => void {
  let lastQuarter = -1;
  return (event) => {
    if (event.kind === 'wiping') {
      stream.write(`Wiping the earlier demo database first: ${formatCount(event.leads)} leads in ${event.database}\n`);
      return;
    }
    if (event.kind === 'planned') {
      lastQuarter = -1;
      if (event.batches === 0) stream.write(`${event.job}: no batches\n`);
      return;
    }
    const { label, unit } = stepOf(event);
    const text = `${label.padEnd(8)} ${formatCount(event.done)}/${formatCount(event.total)} ${unit}`;
    if (interactive) {
      stream.write(`\r${bar(event.done, event.total)} ${text}${event.done >= event.total ? '\n' : ''}`);
      return;
    }
    const quarter = event.total === 0 ? 4 : Math.floor((event.done / event.total) * 4);
    if (quarter === lastQuarter) return;
    // A finished step resets, so the next step's first quarter prints.
    lastQuarter = event.done >= event.total ? -1 : quarter;
    stream.write(`${text}\n`);
  };
}
