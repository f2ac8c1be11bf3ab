/**
 * MongoDB error codes the embedded server answers with, and the error type every command throws.
 * Codes and names follow MongoDB's `error_codes.yml`, so driver code that branches on `code` behaves the same.
 */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  EmptyFieldName: 56,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  IndexNotFound: 27,
  CannotCreateIndex: 67,
  InvalidIdField: 53,
  Location17124: 17124,
  /** MongoDB's answer to a command field it does not know (`BSON field 'find.foo' is an unknown field.`). */
  Location40415: 40415,
  /** A MongoDB feature the embedded server does not implement (passed through by the driver unchanged). */
  NotImplemented: 238,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
  UnrecognizedPipelineStage: 40324,
  InvalidPipelineOperator: 168,
  ProjectionInclusionInExclusion: 31253,
  ProjectionExclusionInInclusion: 31254,
} as const;

const codeNames: Record<number, string> = Object.fromEntries(
  Object.entries(ErrorCode).map(([name, code]) => [code, name.startsWith('Location') ? `Location${code}` : name]),
);

/** The codeName MongoDB reports next to a numeric error code. */
export function codeNameOf(code: number): string {
  return codeNames[code] ?? 'UnknownError';
}

/** An error that becomes `{ok: 0, code, codeName, errmsg}` (or one `writeErrors` entry) in the reply. */
export class CommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  /** Extra reply fields such as `keyPattern`/`keyValue` of a duplicate key error. */
  readonly details: Record<string, unknown>;

  constructor(code: number, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
    this.codeName = codeNameOf(code);
    this.details = details;
  }
}

/** Shorthand used by validation code: `fail(ErrorCode.BadValue, "...")`. */
export function fail(code: number, message: string, details?: Record<string, unknown>): never {
  throw new CommandError(code, message, details);
}

/**
 * Converts anything thrown while running a command into a CommandError. mingo throws plain errors for unknown
 * operators and bad expressions; MongoDB reports those as BadValue (unknown query operator) or as the specific
 * pipeline codes, so the common cases are mapped here.
 */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const unknownQueryOperator = /unknown (?:query|top level) operator:? (\$\w+)/i.exec(message);
  if (unknownQueryOperator) return new CommandError(ErrorCode.BadValue, `unknown operator: ${unknownQueryOperator[1]}`);
  const unknownStage = /unregistered pipeline operator (\$\w+)/.exec(message);
  if (unknownStage) {
    return new CommandError(
      ErrorCode.UnrecognizedPipelineStage,
      `Unrecognized pipeline stage name: '${unknownStage[1]}'`,
    );
  }
  const unknownExpression = /(?:accumulator|operator) '(\$\w+)' is not registered/.exec(message);
  if (unknownExpression) {
    return new CommandError(ErrorCode.InvalidPipelineOperator, `Unrecognized expression '${unknownExpression[1]}'`);
  }
  if (error instanceof RangeError) return new CommandError(ErrorCode.BadValue, message);
  return new CommandError(ErrorCode.BadValue, message.replace(/^mingo: /, ''));
}
