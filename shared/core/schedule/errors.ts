/** A schedule expression EventBridge would refuse, or one this evaluator cannot compute (L, W, #). */
export class InvalidScheduleExpressionError extends Error {
  override readonly name = 'InvalidScheduleExpressionError';
  readonly expression: string;
  /** The cron field at fault (`minutes`, `day-of-week`...), or null when the whole expression is malformed. */
  readonly field: string | null;
  constructor(expression: string, field: string | null, problem: string) {
    super(`${JSON.stringify(expression)}: ${field === null ? '' : `${field}: `}${problem}`);
    this.expression = expression;
    this.field = field;
  }
}
