declare module 'asl-validator' {
  type Result = { isValid: boolean; errors: { message?: string }[]; errorsText: (separator?: string) => string };
  /** Validates an Amazon States Language definition (JSON schema plus transitions); mutates it (QueryLanguage). */
  export default function aslValidator(
    definition: unknown,
    options?: { checkPaths?: boolean; checkArn?: boolean },
  ): Result;
}
