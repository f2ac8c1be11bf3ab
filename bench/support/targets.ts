import type { Table } from './table.ts';

/** A target of the issue, with what was measured and whether it is met (null: not measured in this run). */
export interface TargetVerdict {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | null;
  readonly note?: string;
  /** A correctness check, not a performance target: the bench fails (exit code 1) when it does not hold. */
  readonly mustHold?: boolean;
}

/** The correctness checks that did not hold. */
export function brokenChecks(verdicts: readonly TargetVerdict[]): TargetVerdict[] {
  return verdicts.filter((verdict) => verdict.mustHold === true && verdict.met !== true);
}

export function verdictText(verdict: TargetVerdict): string {
  if (verdict.met === null) return 'not measured';
  if (verdict.mustHold === true) return verdict.met ? 'OK' : 'FAILED';
  return verdict.met ? 'MET' : 'MISSED';
}

export function targetsTable(title: string, verdicts: readonly TargetVerdict[]): Table {
  return {
    title,
    header: ['target', 'measured', 'verdict', 'note'],
    rows: verdicts.map((verdict) => [verdict.target, verdict.measured, verdictText(verdict), verdict.note ?? '']),
  };
}
